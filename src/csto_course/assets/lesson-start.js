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
 *
 * It also gives the lessons' menus (ipywidgets Dropdowns) the width of their
 * longest choice: at ipywidgets' fixed 300 px, lesson 07's topic menu read
 * "Troops sent to Kazakhstan, Jan…" (screenshot pass, 2026-12-03). A menu whose
 * own layout sets a width keeps it (an inline style wins over this sheet).
 */
const CONTROLS = "input, select, textarea, button, summary, a[href], [role=slider], [role=button], [role=radio], "
  + "[role=checkbox], [role=combobox], [role=listbox], [role=option], [tabindex]";

const STYLE_ID = "csto-lesson-style";
const STYLE = `
.jp-OutputArea-output .widget-dropdown { width: auto; max-width: 100%; }
.jp-OutputArea-output .widget-dropdown > select {
  flex: 0 1 auto; width: auto; max-width: 100%; min-width: var(--jp-widgets-inline-width-short, 148px);
}`;

function installStyle(doc) {
  if (doc.getElementById(STYLE_ID)) return;
  const sheet = doc.createElement("style");
  sheet.id = STYLE_ID;
  sheet.textContent = STYLE;
  doc.head.append(sheet);
}

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
    installStyle(el.ownerDocument || document);
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
