# The Heartbeat table moves to core (operations, not accounts). Its one row is rewritten every minute by
# the worker, so the old table is dropped rather than copied.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0010_user_standing_conditions'),
        ('core', '0001_initial'),  # the new table exists before the old one goes
    ]

    operations = [
        migrations.DeleteModel(
            name='Heartbeat',
        ),
    ]
