/* The quiz on the website: the same questions and the same checking rules as the
 * Python engine (csto_course/quiz/types/), with no kernel. Each quiz is a
 * <section class="csto-site-quiz"> holding its questions as a JSON island
 * (csto_course/site/quiz.py). Progress is kept in the browser (localStorage) in
 * the same shape as the Python progress file, and can be saved as a file to
 * hand in. tests/browser/test_site_quiz.py runs every question's right and
 * wrong answers through both engines and compares the verdicts.
 */
(() => {
  class AnswerError extends Error {}

  const requireAnswer = (answer, what) => {
    if (answer === null || answer === undefined
        || ((typeof answer === "string" || Array.isArray(answer)) && answer.length === 0)
        || (typeof answer === "object" && !Array.isArray(answer) && Object.keys(answer).length === 0)) {
      throw new AnswerError(`Please give an answer first: ${what}.`);
    }
    return answer;
  };

  const repr = (value) => (typeof value === "string" ? `'${value}'` : String(value));

  // Python: NFKD, drop combining marks, lower case, punctuation to spaces, collapse spaces.
  const simplify = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/[^\p{L}\p{N}_\s]/gu, " ").split(/\s+/).filter(Boolean).join(" ");

  const TRUE_FALSE_WORDS = { true: true, t: true, yes: true, false: false, f: false, no: false };

  const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

  // Each kind: normalise(spec, answer) -> value (or throws AnswerError); correct(spec, value);
  // detail(spec, value) -> extra words for a wrong answer; shown(spec) -> the answer as text.
  const KINDS = {
    single_choice: {
      normalise(spec, answer) {
        requireAnswer(answer, "choose one of the options");
        const options = spec.options.map(String);
        if (typeof answer === "number" && Number.isInteger(answer)) {
          if (answer < 0 || answer >= options.length) {
            throw new AnswerError(`There are ${options.length} options, numbered 0 to ${options.length - 1}; ${answer} is out of range.`);
          }
          return options[answer];
        }
        if (typeof answer !== "string") throw new AnswerError(`Choose one option by its text (for example ${repr(options[0])}).`);
        if (!options.includes(answer)) throw new AnswerError(`${repr(answer)} is not one of the options: ${options.join("; ")}.`);
        return answer;
      },
      correct: (spec, value) => value === String(spec.answer),
      detail: () => "",
    },
    true_false: {
      normalise(spec, answer) {
        requireAnswer(answer, "choose True or False");
        if (typeof answer === "boolean") return answer;
        if (typeof answer === "string" && answer.trim().toLowerCase() in TRUE_FALSE_WORDS) {
          return TRUE_FALSE_WORDS[answer.trim().toLowerCase()];
        }
        throw new AnswerError(`Answer True or False; ${repr(answer)} is neither.`);
      },
      correct: (spec, value) => value === spec.answer,
      detail: () => "",
    },
    multiple_select: {
      normalise(spec, answer) {
        requireAnswer(answer, "tick every option that applies");
        if (!Array.isArray(answer)) throw new AnswerError("Give a list of the options you choose, for example ['A', 'C'].");
        const chosen = new Set(answer.map(String));
        const options = new Set(spec.options.map(String));
        const unknown = [...chosen].filter((c) => !options.has(c)).sort();
        if (unknown.length) {
          throw new AnswerError(`${unknown.map(repr).join(", ")} ${unknown.length === 1 ? "is" : "are"} not among the options.`);
        }
        return chosen;
      },
      correct: (spec, value) => sameSet(value, new Set((spec.answers || []).map(String))),
      detail(spec, value) {
        const answers = new Set((spec.answers || []).map(String));
        const right = [...value].filter((v) => answers.has(v)).length;
        const extra = [...value].filter((v) => !answers.has(v)).length;
        return `You chose ${right} of the ${answers.size} correct options` + (extra ? ` and ${extra} that do not apply.` : ".");
      },
    },
    numeric: {
      normalise(spec, answer) {
        requireAnswer(answer, "type a number");
        if (typeof answer === "boolean") throw new AnswerError("Type a number, not True or False.");
        let value = answer;
        if (typeof answer === "string") {
          // As Python's float(): digits may be grouped with "_" (1_000), after commas and spaces go.
          const text = answer.trim().replace(/,/g, "").replace(/ /g, "").replace(/(\d)_(?=\d)/g, "$1");
          value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
          if (Number.isNaN(value)) {
            throw new AnswerError(`${repr(answer)} is not a number. Type digits only, for example 9 or 4200.`);
          }
        }
        if (typeof value !== "number" || !Number.isFinite(value)) throw new AnswerError(`Type a finite number, not ${repr(answer)}.`);
        return value;
      },
      correct: (spec, value) => Math.abs(value - Number(spec.answer)) <= Number(spec.tolerance || 0) + 1e-9,
      detail: (spec, value) => (value > Number(spec.answer) ? "Your number is too high." : "Your number is too low."),
    },
    short_text: {
      normalise(spec, answer) {
        requireAnswer(answer, "type a word or a short phrase");
        if (typeof answer !== "string") throw new AnswerError("Type your answer as text.");
        if (!answer.trim()) throw new AnswerError("Please type an answer first.");
        if (answer.length > 200) throw new AnswerError("A short answer is enough: a word or a short phrase.");
        return simplify(answer);
      },
      correct: (spec, value) => [String(spec.answer), ...(spec.variants || []).map(String)].map(simplify).includes(value),
      detail: () => "",
    },
    ordering: {
      normalise(spec, answer) {
        requireAnswer(answer, "put every item in a position");
        if (!Array.isArray(answer)) throw new AnswerError("Give the items as a list, first to last.");
        const items = spec.order.map(String);
        const given = answer.map(String);
        if ([...given].sort().join("\u0000") !== [...items].sort().join("\u0000")) {
          const missing = items.filter((i) => !given.includes(i));
          if (missing.length) throw new AnswerError(`Use every item exactly once; not yet placed: ${missing.join("; ")}.`);
          throw new AnswerError("Use every item exactly once.");
        }
        return given;
      },
      correct: (spec, value) => value.every((v, i) => v === String(spec.order[i])),
      detail: (spec, value) => `${value.filter((v, i) => v === String(spec.order[i])).length} of ${spec.order.length} items are in the right place.`,
    },
    matching: {
      normalise(spec, answer) {
        requireAnswer(answer, "match every item");
        if (typeof answer !== "object" || Array.isArray(answer)) {
          throw new AnswerError("Give your matches as a dictionary: {left item: right item}.");
        }
        const pairs = spec.pairs;
        const given = {};
        for (const [k, v] of Object.entries(answer)) given[String(k)] = v === null || v === undefined ? null : String(v);
        const unknown = Object.keys(given).filter((k) => !(k in pairs)).sort();
        if (unknown.length) {
          throw new AnswerError(`${unknown.map(repr).join(", ")} ${unknown.length === 1 ? "is" : "are"} not an item to match.`);
        }
        const missing = Object.keys(pairs).filter((k) => !given[k]);
        if (missing.length) throw new AnswerError(`Match every item; still open: ${missing.join("; ")}.`);
        const choices = new Set(Object.values(pairs).map(String));
        const stray = [...new Set(Object.values(given))].filter((v) => !choices.has(v)).sort();
        if (stray.length) throw new AnswerError(`${stray.map(repr).join(", ")} is not one of the choices.`);
        return given;
      },
      correct: (spec, value) => Object.entries(spec.pairs).every(([k, v]) => value[k] === String(v))
        && Object.keys(value).length === Object.keys(spec.pairs).length,
      detail(spec, value) {
        const right = Object.entries(spec.pairs).filter(([k, v]) => value[k] === String(v)).length;
        return `${right} of ${Object.keys(spec.pairs).length} matches are right.`;
      },
    },
  };

  /** The verdict for one answer: {ok: true, correct, message} or {ok: false, error}. */
  function check(question, answer) {
    const kind = KINDS[question.kind];
    try {
      const value = kind.normalise(question.spec, answer);
      const correct = kind.correct(question.spec, value);
      const detail = correct ? "" : kind.detail(question.spec, value);
      const message = correct ? "Correct." : `Not correct yet.${detail ? ` ${detail}` : ""} Read the explanation and try again.`;
      return { ok: true, correct, message };
    } catch (err) {
      if (err instanceof AnswerError) return { ok: false, error: err.message };
      throw err;
    }
  }

  // --- progress, in the shape of the Python progress file (csto_course/quiz/progress.py) ---
  const STORE = "csto-course-quiz-progress";

  function readProgress() {
    try {
      const data = JSON.parse(window.localStorage.getItem(STORE) || "null");
      if (data && typeof data.lessons === "object") return data;
    } catch (err) { /* unreadable: start afresh below */ }
    return { version: 1, lessons: {} };
  }

  function record(lesson, id, answer, correct) {
    const data = readProgress();
    const at = new Date().toISOString().replace(/\.\d+Z$/, "+00:00");
    const attempt = { answer: answer instanceof Set ? [...answer].sort() : answer, correct, at };
    const questions = (data.lessons[lesson] = data.lessons[lesson] || { questions: {} }).questions;
    const entry = (questions[id] = questions[id] || {});
    if (!entry.first) entry.first = attempt;
    entry.latest = attempt;
    entry.attempts = (entry.attempts || 0) + 1;
    try {
      window.localStorage.setItem(STORE, JSON.stringify(data));
    } catch (err) { /* private browsing or full storage: the quiz still works */ }
  }

  // --- the page: one form per question, keyboard operable ---
  let uid = 0;
  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };

  function choiceInputs(fieldset, type, name, options) {
    for (const option of options) {
      const id = `csto-q${++uid}`;
      const row = el("div", { class: "csto-site-quiz-option" });
      row.append(el("input", { type, name, id, value: option }), el("label", { for: id }, option));
      fieldset.append(row);
    }
  }

  function renderQuestion(question, number, lesson) {
    const form = el("form", { class: "csto-site-quiz-question", "data-question": question.id, "data-kind": question.kind });
    const fieldset = el("fieldset");
    fieldset.append(el("legend", {}, `${number}. ${question.prompt}`));
    const name = `csto-${lesson}-${question.id}`;
    const spec = question.spec;
    let read;
    if (question.kind === "single_choice" || question.kind === "true_false") {
      choiceInputs(fieldset, "radio", name, question.kind === "true_false" ? ["True", "False"] : spec.options.map(String));
      read = () => { const c = form.querySelector("input:checked"); return c ? c.value : null; };
    } else if (question.kind === "multiple_select") {
      choiceInputs(fieldset, "checkbox", name, spec.options.map(String));
      read = () => [...form.querySelectorAll("input:checked")].map((c) => c.value);
    } else if (question.kind === "numeric" || question.kind === "short_text") {
      const id = `csto-q${++uid}`;
      fieldset.append(el("label", { for: id, class: "csto-visually-hidden" }, "Your answer"));
      fieldset.append(el("input", { type: "text", id, autocomplete: "off", inputmode: question.kind === "numeric" ? "decimal" : "text" }));
      read = () => form.querySelector("input[type=text]").value;
    } else if (question.kind === "ordering") {
      const list = el("ol", { class: "csto-site-quiz-order" });
      for (const item of question.start_order) {
        const li = el("li", { "data-item": item });
        li.append(el("span", {}, item));
        for (const [label, step] of [["Move up", -1], ["Move down", 1]]) {
          const button = el("button", { type: "button", "aria-label": `${label}: ${item}` }, step < 0 ? "↑" : "↓");
          button.addEventListener("click", () => {
            const items = [...list.children];
            const at = items.indexOf(li);
            const to = at + step;
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
      const choices = [...new Set(Object.values(spec.pairs).map(String))].sort();
      for (const left of Object.keys(spec.pairs)) {
        const id = `csto-q${++uid}`;
        const row = el("div", { class: "csto-site-quiz-match" });
        const select = el("select", { id, "data-left": left });
        select.append(el("option", { value: "" }, "Choose…"));
        for (const c of choices) select.append(el("option", { value: c }, c));
        row.append(el("label", { for: id }, left), select);
        fieldset.append(row);
      }
      read = () => Object.fromEntries([...form.querySelectorAll("select")].map((s) => [s.dataset.left, s.value || null]));
    }
    form.append(fieldset);
    const button = el("button", { type: "submit", class: "csto-site-quiz-check" }, "Check");
    const feedback = el("div", { class: "csto-site-quiz-feedback", role: "status", "aria-live": "polite" });
    form.append(button, feedback);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const answer = read();
      const verdict = check(question, answer);
      feedback.replaceChildren();
      if (!verdict.ok) {
        feedback.className = "csto-site-quiz-feedback csto-problem";
        feedback.append(el("p", {}, verdict.error));
        return;
      }
      feedback.className = `csto-site-quiz-feedback ${verdict.correct ? "csto-correct" : "csto-wrong"}`;
      feedback.append(el("p", { class: "csto-verdict" }, verdict.message));
      feedback.append(el("p", {}, question.explanation));
      feedback.append(el("p", { class: "csto-source" }, `Source: ${question.source}`));
      record(lesson, question.id, answer, verdict.correct);
    });
    return form;
  }

  function saveButton() {
    const button = el("button", { type: "button", class: "csto-site-quiz-save" }, "Save my progress as a file");
    button.addEventListener("click", () => {
      const blob = new Blob([JSON.stringify(readProgress(), null, 1)], { type: "application/json" });
      const link = el("a", { href: URL.createObjectURL(blob), download: "quiz-progress.json" });
      document.body.append(link);
      link.click();
      link.remove();
    });
    return button;
  }

  function mount(section) {
    const island = section.querySelector("script.csto-site-quiz-data");
    if (!island) return;
    const bank = JSON.parse(island.textContent);
    const live = el("div", { class: "csto-site-quiz-live" });
    bank.questions.forEach((q, i) => live.append(renderQuestion(q, i + 1, bank.lesson)));
    live.append(el("p", { class: "csto-site-quiz-note" },
      "Your answers stay in this browser. To hand them in, save them as a file; your instructor can read it with csto-course progress."));
    live.append(saveButton());
    const fallback = section.querySelector(".csto-quiz-static");
    if (fallback) fallback.hidden = true;
    section.append(live);
    section.classList.add("csto-site-quiz-ready");
  }

  window.CSTOQuiz = { check, simplify, readProgress, STORE };
  const mountAll = () => document.querySelectorAll("section.csto-site-quiz").forEach(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
