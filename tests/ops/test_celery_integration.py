import pytest

from core.models import Heartbeat
from core.tasks import heartbeat
from tests.utils import wait_for


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_task_travels_through_redis_to_a_real_worker_and_writes_to_the_database(real_worker, celery_app_for_tests):
    assert celery_app_for_tests.conf.task_serializer == "json"
    assert celery_app_for_tests.conf.task_acks_late is True
    heartbeat.apply_async(args=["integration-test"])
    assert wait_for(lambda: Heartbeat.objects.filter(name="integration-test").exists())
