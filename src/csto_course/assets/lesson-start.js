/* The first cell of every lesson (csto_course/lesson_start.py): a line that says
 * the lesson is ready, and a guard for the whole notebook.
 *
 * JupyterLab's notebook shortcuts (d d deletes a cell, a and b insert cells,
 * arrows move between cells) listen on the document for key presses that
 * bubble up from anything that is not a text box. A focused menu, slider,
 * radio button or button in a lesson's output is not a text box, so without
 * help its keys go to the notebook. The guard sits on the notebook and stops
 * keys that come from a control inside an output before they reach the
 * document; the control itself has already acted on them. Escape, Shift+Enter
 * and Ctrl/Cmd combinations still reach the notebook. It covers every output
 * of the notebook: ipywidgets, the quiz and the sliders and menus inside charts.
 */
const CONTROLS = "input, select, textarea, button, summary, a[href], [role=slider], [role=button], [role=radio], "
  + "[role=checkbox], [role=combobox], [role=listbox], [role=option], [tabindex]";

function guardNotebook(notebook) {
  if (notebook.dataset.cstoKeysGuarded) return;
  notebook.dataset.cstoKeysGuarded = "yes";
  notebook.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest(".jp-OutputArea-output") || !target.matches(CONTROLS)) return;
    if (event.key === "Escape" || event.ctrlKey || event.metaKey || (event.shiftKey && event.key === "Enter")) return;
    event.stopPropagation();
  });
}

export default {
  render({ model, el }) {
    const line = document.createElement("p");
    line.className = "csto-lesson-ready";
    line.setAttribute("role", "status");
    line.textContent = model.get("text");
    el.append(line);
    // The view may be drawn before JupyterLab puts it into the page: look for the notebook until it is there.
    const install = () => {
      const notebook = el.closest(".jp-Notebook");
      if (notebook) guardNotebook(notebook);
      return Boolean(notebook);
    };
    if (!install()) {
      let tries = 0;
      const timer = setInterval(() => { if (install() || ++tries > 600) clearInterval(timer); }, 100);
    }
  },
};
