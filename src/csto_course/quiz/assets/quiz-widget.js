/* The JupyterLab quiz (quiz/widget.py): quiz-view.js draws it, the kernel checks.
 * Each check carries the answer read from the page when "Check answer" was
 * pressed, so the kernel grades exactly what the student saw, however fast
 * they type: no value waits in a widget's sync queue. */
const QUIET = 15000; // ms without a reply before the student is told to look at the kernel

// show_quiz puts a folded text copy of the quiz in an output above it, for nbconvert and other
// readers with no widgets (quiz/static.py); where the live quiz is drawn, that copy is hidden.
function hideTextCopies(el) {
  const scope = el.closest(".jp-Cell, .cell") || document; // the quiz's own cell (JupyterLab, classic), else the page
  for (const copy of scope.querySelectorAll(".csto-quiz-text-copy")) {
    (copy.closest(".jp-OutputArea-child, .output_area") || copy).style.display = "none";
  }
}

export default {
  render({ model, el }) {
    const view = Math.random().toString(36).slice(2);
    let seq = 0;
    const waiting = new Map();
    const onMessage = (msg) => {
      if (!msg || msg.view !== view || !waiting.has(msg.seq)) return;
      const done = waiting.get(msg.seq);
      waiting.delete(msg.seq);
      done(msg.type === "verdict" ? msg.verdict : { ok: true });
    };
    model.on("msg:custom", onMessage);
    const ask = (content) => new Promise((resolve) => {
      const n = ++seq;
      waiting.set(n, resolve);
      model.send({ ...content, view, seq: n });
      setTimeout(() => {
        if (waiting.delete(n)) {
          resolve({ ok: false, error: "The notebook's kernel did not answer. Is it still running? If the Kernel menu "
            + "shows it stopped, restart it and run the lesson's cells from the top; your saved answers are kept." });
        }
      }, QUIET);
    });
    const notice = model.get("notice");
    const head = document.createElement("div");
    head.className = "csto-quiz-head";
    const title = document.createElement("h3");
    title.textContent = model.get("bank").title;
    head.append(title);
    for (const [text, cls] of [[model.get("bank").intro, ""], [notice, "csto-quiz-notice"]]) {
      if (!text) continue;
      const p = document.createElement("p");
      if (cls) { p.className = cls; p.setAttribute("role", "status"); }
      p.append(cstoRichText(text));
      head.append(p);
    }
    el.classList.add("csto-quiz");
    el.append(head);
    const drawn = cstoRenderQuiz(el, model.get("bank"), {
      check: (question, answer) => ask({ type: "check", question: question.id, answer }),
      score: () => model.get("score"),
      reset: () => ask({ type: "reset" }),
    });
    hideTextCopies(el);
    const onScore = () => drawn.setScore(model.get("score"));
    model.on("change:score", onScore);
    return () => {
      model.off("msg:custom", onMessage);
      model.off("change:score", onScore);
      drawn.release();
    };
  },
};
