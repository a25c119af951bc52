/* Draws every chart on the page from its JSON island (see csto_course/site/vegalite.py). */
(() => {
  function draw(figure) {
    const view = figure.querySelector(".csto-chart-view");
    let spec;
    try {
      spec = JSON.parse(figure.querySelector("script.csto-chart-spec").textContent);
    } catch (err) {
      figure.classList.add("csto-chart-failed");
      return;
    }
    if (!window.vegaEmbed) {
      view.textContent = "The chart library did not load; the data is in the table below.";
      figure.classList.add("csto-chart-failed");
      return;
    }
    window.vegaEmbed(view, spec, { renderer: "svg", actions: false })
      .then(() => {
        // The figure speaks for the chart (role="img" with its description, and the data as a
        // table); Vega's own ARIA roles inside it would add images without names.
        view.querySelectorAll("svg").forEach((svg) => svg.setAttribute("aria-hidden", "true"));
        figure.classList.add("csto-chart-drawn");
      })
      .catch((err) => {
        figure.classList.add("csto-chart-failed");
        view.textContent = "This chart could not be drawn (" + err.message + "); the data is in the table below.";
      });
  }
  function drawAll() {
    document.querySelectorAll("figure.csto-chart").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
