/* Dashboard chart: daily back pain (line) with weekly running distance (shaded steps).
   Reads the figures from the json_script element #trends-data; the page's tables hold the same data.
   The chart is the slowest thing on the page, and below the first screen on a phone: it is drawn when it
   comes near the screen, and Chart.js itself (the canvas's data-chart-src) is loaded only then, so the
   first screen a runner reads never waits for it. */
(function () {
  "use strict";
  var canvas = document.getElementById("trends-chart");
  if (!canvas) { return; }
  function withChartJs(then) {
    if (typeof Chart !== "undefined") { then(); return; }
    var src = canvas.getAttribute("data-chart-src");
    if (!src) { return; }
    var script = document.createElement("script");
    script.src = src;
    script.onload = then;
    document.head.appendChild(script);
  }
  function whenNearTheScreen(then) {
    if (!("IntersectionObserver" in window)) { then(); return; }
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watch.disconnect();
        then();
      }
    }, { rootMargin: "200px 0px" });
    watch.observe(canvas);
  }
  whenNearTheScreen(function () { withChartJs(function () {
  var source = document.getElementById("trends-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var narrow = window.matchMedia("(max-width: 576px)").matches;
  // The distance scale fits the data: whole numbers, at least 0 to 5 km (3 mi), none at all without a run.
  var ran = data.week_distance.some(function (d) { return d > 0; });
  var labels = data.days.map(function (iso) {
    var d = new Date(iso + "T12:00:00");
    return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  });
  new Chart(canvas, {
    data: {
      labels: labels,
      datasets: [
        {
          type: "line",
          label: "Back pain (0-10)",
          data: data.pain,
          yAxisID: "pain",
          borderColor: "#b02a37",
          backgroundColor: "#b02a37",
          pointRadius: data.days.length > 120 ? 0 : 2,
          borderWidth: 2,
          spanGaps: false
        },
        {
          type: "line",
          label: "Running distance that week (" + data.unit + ")",
          data: data.weekly_distance,
          yAxisID: "distance",
          stepped: true,
          fill: true,
          borderColor: "rgba(11, 83, 148, 0.9)",
          backgroundColor: "rgba(11, 83, 148, 0.15)",
          borderDash: [4, 3],
          pointRadius: 0,
          borderWidth: 1,
          hidden: !ran
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,  // the box keeps the space (backtrack.css: 2.6, 1.1 when narrow) before the chart is
      // drawn, so nothing below it moves when it comes near the screen and is drawn
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
      scales: {
        x: { ticks: { maxTicksLimit: narrow ? 5 : 12, autoSkip: true, maxRotation: 0 } },
        pain: { type: "linear", position: "left", min: 0, max: 10, ticks: { stepSize: 2 }, title: { display: !narrow, text: "Pain" } },
        distance: {
          type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
          display: ran, suggestedMax: data.unit === "mi" ? 3 : 5, ticks: { precision: 0 },
          title: { display: !narrow, text: data.unit + " per week" }
        }
      }
    }
  });
  }); });
})();
