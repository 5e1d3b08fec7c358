// Weekly pain and running distance on a client's page (data from json_script; no inline script, CSP).
(function () {
  "use strict";
  var canvas = document.getElementById("client-chart");
  var source = document.getElementById("client-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "line", label: "Mean pain (0-10)", data: data.pain, yAxisID: "pain", borderColor: "#b02a37", backgroundColor: "#b02a37", spanGaps: true, pointStyle: "rectRot", pointRadius: 4 },
        { type: "bar", label: "Distance run (km)", data: data.distance_km, yAxisID: "km", backgroundColor: "rgba(11, 83, 148, 0.35)" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        pain: { position: "left", min: 0, max: 10, title: { display: true, text: "pain" } },
        km: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "km" } }
      }
    }
  });
})();
