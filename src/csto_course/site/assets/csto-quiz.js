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
          throw new AnswerError(`${unknown.map(repr).join(", ")} ${unknown.length === 1 ? "is not an item" : "are not items"} to match.`);
        }
        const missing = Object.keys(pairs).filter((k) => !given[k]);
        if (missing.length) throw new AnswerError(`Match every item; still open: ${missing.join("; ")}.`);
        const choices = new Set(Object.values(pairs).map(String));
        const stray = [...new Set(Object.values(given))].filter((v) => !choices.has(v)).sort();
        if (stray.length) throw new AnswerError(`${stray.map(repr).join(", ")} ${stray.length === 1 ? "is not one of" : "are not among"} the choices.`);
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
      const message = correct ? "Correct." : `Not correct yet.${detail ? ` ${detail}` : ""}`;
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

  // Answers saved under a question's former id count for it (csto_course/quiz/progress.py, rename).
  function renameSaved(bank) {
    const data = readProgress();
    const questions = data.lessons[bank.lesson]?.questions;
    if (!questions) return;
    let moved = false;
    for (const q of bank.questions) {
      for (const old of q.former_ids || []) {
        if (!questions[old]) continue;
        if (!questions[q.id]) questions[q.id] = questions[old];
        delete questions[old];
        moved = true;
      }
    }
    if (!moved) return;
    try {
      window.localStorage.setItem(STORE, JSON.stringify(data));
    } catch (err) { /* the quiz still works */ }
  }

  const scoreText = (bank) => {
    const questions = readProgress().lessons[bank.lesson]?.questions || {};
    const ids = bank.questions.map((q) => q.id).filter((id) => questions[id] && questions[id].first);
    const right = ids.filter((id) => questions[id].first.correct).length;
    const total = bank.questions.length;
    return `${right} of ${total} right on the first try (${ids.length} of ${total} answered). The score counts first attempts only.`;
  };

  function resetLesson(lesson) {
    const data = readProgress();
    const old = data.lessons[lesson];
    delete data.lessons[lesson];
    if (old && Object.keys(old.questions || {}).length) {
      (data.earlier = Array.isArray(data.earlier) ? data.earlier : [])
        .push({ lesson, reset_at: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"), ...old });
    }
    try {
      window.localStorage.setItem(STORE, JSON.stringify(data));
    } catch (err) { /* the quiz still works */ }
  }

  const el = (tag, attrs = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    return node;
  };

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
    renameSaved(bank);
    const wrongTries = {};
    let drawn = null;
    const note = el("p", { class: "csto-site-quiz-note" },
      "Your answers stay in this browser. To hand them in, save them as a file; your instructor can read it with csto-course progress.");
    drawn = cstoRenderQuiz(section, bank, {
      // The same verdict the kernel gives (csto_course/quiz/view.py), from the ported rules.
      check(question, answer) {
        const verdict = check(question, answer);
        if (!verdict.ok) return verdict;
        record(bank.lesson, question.id, answer, verdict.correct);
        if (!verdict.correct) wrongTries[question.id] = (wrongTries[question.id] || 0) + 1;
        return { ...verdict, explanation: question.explanation, source: question.source,
          hint: verdict.correct ? "" : question.hint, shown_answer: question.shown_answer,
          reveal: verdict.correct || wrongTries[question.id] >= 2 };
      },
      score: () => scoreText(bank),
      reset() { resetLesson(bank.lesson); Object.keys(wrongTries).forEach((k) => delete wrongTries[k]); drawn.setScore(scoreText(bank)); },
      onVerdict: () => drawn.setScore(scoreText(bank)),
      footer: [note, saveButton()],
    });
    const fallback = section.querySelector(".csto-quiz-static");
    if (fallback) fallback.hidden = true;
    section.classList.add("csto-site-quiz-ready");
  }

  window.CSTOQuiz = { check, simplify, readProgress, STORE };
  const mountAll = () => document.querySelectorAll("section.csto-site-quiz").forEach(mount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
