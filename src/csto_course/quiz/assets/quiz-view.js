/* What a student sees of a quiz, in JupyterLab and on the website alike.
 *
 * cstoRenderQuiz(container, bank, options) draws one form per question and
 * hands every answer to options.check(question, answer), which returns (or
 * promises) a verdict: {ok: true, correct, message, explanation, source,
 * hint, shown_answer, reveal} or {ok: false, error}. In JupyterLab the kernel
 * checks (quiz/widget.py, quiz-widget.js); on the website the ported rules do
 * (site/assets/csto-quiz.js). The answer read when "Check" is pressed is the
 * answer checked, and the feedback repeats it, so what is graded is always what
 * the student saw.
 *
 * Keys pressed inside the quiz stay in the quiz: JupyterLab's notebook
 * shortcuts (d d deletes a cell, arrows move between cells) listen on the
 * document for bubbling key events, so the quiz stops them at its own edge.
 * Escape still leaves the quiz for the notebook.
 *
 * Plain script, no imports: the website loads it with a <script> tag (file://
 * pages cannot load modules) and the JupyterLab widget prepends it to its module.
 */
/* exported cstoRenderQuiz, cstoKeepKeys, cstoRichText */

function cstoKeepKeys(node) {
  const stop = (event) => { if (event.key !== "Escape") event.stopPropagation(); };
  node.addEventListener("keydown", stop);
  node.addEventListener("keypress", stop);
  node.addEventListener("keyup", stop);
  return () => {
    node.removeEventListener("keydown", stop);
    node.removeEventListener("keypress", stop);
    node.removeEventListener("keyup", stop);
  };
}

/* A few Markdown marks as DOM nodes, never as HTML: **strong**, *emphasis*,
 * `code`, [text](https://...) and <https://...>. Anything else stays plain text. */
function cstoRichText(text) {
  const out = document.createDocumentFragment();
  const pattern = /\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|<(https?:\/\/[^\s>]+)>|`([^`]+)`/g;
  let at = 0;
  let match;
  const source = String(text == null ? "" : text);
  while ((match = pattern.exec(source)) !== null) {
    if (match.index > at) out.append(source.slice(at, match.index));
    let node;
    if (match[1] !== undefined) { node = document.createElement("strong"); node.textContent = match[1]; }
    else if (match[2] !== undefined) { node = document.createElement("em"); node.textContent = match[2]; }
    else if (match[6] !== undefined) { node = document.createElement("code"); node.textContent = match[6]; }  // a column or table name
    else {
      node = document.createElement("a");
      node.href = match[4] || match[5];
      node.textContent = match[3] || match[5];
      node.target = "_blank";
      node.rel = "noopener noreferrer";
    }
    out.append(node);
    at = pattern.lastIndex;
  }
  if (at < source.length) out.append(source.slice(at));
  return out;
}

function cstoRenderQuiz(container, bank, options) {
  const check = options.check;
  let uid = 0;
  const prefix = `csto-${bank.lesson}-${Math.random().toString(36).slice(2, 8)}`;
  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };
  const para = (cls, label, text) => {
    const p = el("p", cls ? { class: cls } : {});
    if (label) p.append(el("strong", {}, label), " ");
    p.append(cstoRichText(text));
    return p;
  };
  const describe = (answer) => {
    if (answer === null || answer === undefined || answer === "") return "(nothing yet)";
    if (Array.isArray(answer)) return answer.length ? answer.join("; ") : "(nothing yet)";
    if (typeof answer === "object") return Object.entries(answer).map(([k, v]) => `${k} → ${v || "?"}`).join("; ");
    return String(answer);
  };

  function choiceInputs(fieldset, type, name, choices) {
    for (const choice of choices) {
      const id = `${prefix}-${++uid}`;
      const row = el("div", { class: "csto-quiz-option" });
      row.append(el("input", { type, name, id, value: choice }), el("label", { for: id }, choice));
      fieldset.append(row);
    }
  }

  function renderQuestion(question, number, total) {
    const form = el("form", { class: `csto-quiz-question csto-q-${question.id}`, "data-question": question.id, "data-kind": question.kind });
    const fieldset = el("fieldset");
    const legend = el("legend", {}, `Question ${number} of ${total}. `);
    legend.append(cstoRichText(question.prompt));
    fieldset.append(legend);
    const name = `${prefix}-${question.id}`;
    let read;
    if (question.kind === "single_choice" || question.kind === "true_false") {
      choiceInputs(fieldset, "radio", name, question.kind === "true_false" ? ["True", "False"] : question.options);
      read = () => { const c = form.querySelector("input:checked"); return c ? c.value : null; };
    } else if (question.kind === "multiple_select") {
      choiceInputs(fieldset, "checkbox", name, question.options);
      read = () => [...form.querySelectorAll("input:checked")].map((c) => c.value);
    } else if (question.kind === "numeric" || question.kind === "short_text") {
      const id = `${prefix}-${++uid}`;
      fieldset.append(el("label", { for: id }, "Your answer: "));
      fieldset.append(el("input", {
        type: "text", id, autocomplete: "off", inputmode: question.kind === "numeric" ? "decimal" : "text",
        placeholder: question.kind === "numeric" ? "Type a number" : "Type a word or short phrase",
      }));
      read = () => form.querySelector("input[type=text]").value;
    } else if (question.kind === "ordering") {
      fieldset.append(el("p", { class: "csto-quiz-how" }, "Move each item up or down until they are in order, first at the top."));
      const list = el("ol", { class: "csto-quiz-order" });
      for (const item of question.start_order) {
        const li = el("li", { "data-item": item });
        li.append(el("span", {}, item));
        for (const [label, step] of [["Move up", -1], ["Move down", 1]]) {
          const button = el("button", { type: "button", "aria-label": `${label}: ${item}` }, step < 0 ? "↑" : "↓");
          button.addEventListener("click", () => {
            const items = [...list.children];
            const to = items.indexOf(li) + step;
            if (to < 0 || to >= items.length) return;
            if (step < 0) list.insertBefore(li, items[to]); else list.insertBefore(items[to], li);
            button.focus();
          });
          li.append(button);
        }
        list.append(li);
      }
      fieldset.append(list);
      read = () => [...list.children].map((li) => li.dataset.item);
    } else if (question.kind === "matching") {
      const choices = question.choices;
      for (const left of question.lefts) {
        const id = `${prefix}-${++uid}`;
        const row = el("div", { class: "csto-quiz-match" });
        const select = el("select", { id, "data-left": left });
        select.append(el("option", { value: "" }, "Choose…"));
        for (const c of choices) select.append(el("option", { value: c }, c));
        row.append(el("label", { for: id }, left), select);
        fieldset.append(row);
      }
      read = () => Object.fromEntries([...form.querySelectorAll("select")].map((s) => [s.dataset.left, s.value || null]));
    }
    form.append(fieldset);
    const button = el("button", { type: "submit", class: "csto-quiz-check" }, "Check answer");
    const feedback = el("div", { class: "csto-quiz-feedback", role: "status", "aria-live": "polite" });
    form.append(button, feedback);
    let asked = 0;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = read();
      const mine = ++asked;
      feedback.className = "csto-quiz-feedback csto-pending";
      feedback.replaceChildren(el("p", {}, `Checking your answer: ${describe(answer)}…`));
      let verdict;
      try {
        verdict = await check(question, answer);
      } catch (err) {
        verdict = { ok: false, error: String(err && err.message ? err.message : err) };
      }
      if (mine !== asked) return; // a newer check of this question is on its way; show that one
      feedback.replaceChildren();
      if (!verdict.ok) {
        feedback.className = "csto-quiz-feedback csto-problem";
        feedback.append(para("", "ℹ", verdict.error));
        return;
      }
      feedback.className = `csto-quiz-feedback ${verdict.correct ? "csto-correct" : "csto-wrong"}`;
      feedback.append(para("csto-verdict", verdict.correct ? "✔" : "✘", verdict.message));
      feedback.append(para("csto-your-answer", "You answered:", describe(answer)));
      const why = [para("", "", verdict.explanation), para("csto-source", "Source:", verdict.source)];
      if (verdict.correct || verdict.reveal) {
        if (!verdict.correct && verdict.shown_answer) feedback.append(para("csto-right-answer", "The answer:", verdict.shown_answer));
        feedback.append(...why);
      } else {
        if (verdict.hint) feedback.append(para("csto-hint", "Hint:", verdict.hint));
        const more = el("details", { class: "csto-quiz-more" });
        more.append(el("summary", {}, "Show the explanation and the answer"));
        if (verdict.shown_answer) more.append(para("csto-right-answer", "The answer:", verdict.shown_answer));
        more.append(...why);
        feedback.append(more);
      }
      if (options.onVerdict) options.onVerdict(question, answer, verdict);
    });
    return form;
  }

  const root = el("div", { class: "csto-quiz-live" });
  const questions = bank.questions;
  questions.forEach((q, i) => root.append(renderQuestion(q, i + 1, questions.length)));
  const score = el("p", { class: "csto-quiz-score", role: "status" });
  root.append(score);
  const setScore = (text) => { score.replaceChildren(el("strong", {}, "Your score so far: "), text || ""); };
  setScore(options.score ? options.score() : "");
  if (options.reset) {
    const tools = el("div", { class: "csto-quiz-tools" });
    const again = el("button", { type: "button", class: "csto-quiz-reset" }, "Start this quiz again");
    const sure = el("button", { type: "button", class: "csto-quiz-reset-confirm", hidden: "" }, "Yes, clear my answers to this quiz");
    again.addEventListener("click", () => { sure.hidden = false; sure.focus(); });
    sure.addEventListener("click", async () => {
      sure.hidden = true;
      await options.reset();
      root.querySelectorAll("form").forEach((f) => { f.reset(); f.querySelector(".csto-quiz-feedback").replaceChildren(); });
      // The reset waits for the kernel, seconds on a busy hub: if the student has gone on to something
      // else meanwhile, leave the focus (and the notebook's active cell) where they took it.
      const now = document.activeElement;
      if (!now || now === document.body || root.contains(now)) again.focus();
    });
    tools.append(again, sure);
    root.append(tools);
  }
  for (const extra of options.footer || []) root.append(extra);
  container.append(root);
  const release = cstoKeepKeys(root);
  return { root, setScore, release };
}
