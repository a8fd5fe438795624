// The article editor's helpers, for the writer:
// - the « Lisibilité » panel: the text being written is sent to the server (which computes, in
//   magazine/editorial/readability.py) a moment after each change, and the panel shows its
//   answer; each long sentence's button leads to where it is written;
// - the quality gate's problems (« … (à corriger dans : Contenu › Chapô) ») become links that
//   open the tab, scroll to the field or block and put the cursor there (the table of where each
//   problem is fixed comes from the server: #quality-gate-fields);
// - the reviewers' comments (Wagtail's commenting) shown beside the text as the editor opens,
//   when some are still to resolve, rather than behind the comments button.
(() => {
  const EDITABLE = "[contenteditable=true], textarea, input:not([type=hidden]), select";
  const NUMBERED = /^(.*), (?:bloc|note) (\d+)(?: \(.*\))?$/;
  const READABILITY_FIELDS = { "Chapô": "chapo", "En bref": "summary" };

  const topBlocks = (form) =>
    [...form.querySelectorAll("#body-root [data-streamfield-child]")].filter(
      (block) => block.parentElement.closest("[data-streamfield-child]") === null,
    );

  const targetOf = (form, field, number) => {
    if (field === "body") {
      const block = topBlocks(form)[number - 1];
      return block && (block.querySelector(EDITABLE) || block);
    }
    if (number) {
      const child = form.querySelector(`#inline_child_${field}-${number - 1}`);
      if (child) return child.querySelector(EDITABLE) || child;
    }
    const element = form.querySelector(`#id_${field}`) || form.querySelector(`[data-contentpath="${field}"]`);
    if (!element || element.matches(EDITABLE)) return element;
    return element.querySelector(EDITABLE) || element; // a list of checkboxes, an inline panel
  };

  const goTo = (form, field, number) => {
    const target = targetOf(form, field, number);
    if (!target) return false;
    const tab = target.closest("[role=tabpanel]");
    const show = () => {
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
    };
    if (tab && tab.hidden) {
      // Wagtail's tabs move the focus to the tab they open: the field takes it back after.
      document.querySelector(`[role=tab][aria-controls="${tab.id}"]`)?.click();
      setTimeout(show, 100);
    } else {
      show();
    }
    return true;
  };

  const linkProblems = (form) => {
    const table = document.getElementById("quality-gate-fields");
    if (!table) return;
    const fields = JSON.parse(table.textContent);
    const where = /\(à corriger dans : ([^()]*(?:\([^()]*\))?)\)/g;
    document.querySelectorAll(".messages li, .messages .errorlist li").forEach((item) => {
      if (item.querySelector("[data-goto-field]") || !item.textContent.includes("à corriger dans")) return;
      const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
      const texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach((text) => {
        const parts = text.textContent.split(where);
        if (parts.length === 1) return;
        const pieces = document.createDocumentFragment();
        parts.forEach((part, index) => {
          if (index % 2 === 0) {
            pieces.append(part);
            return;
          }
          const numbered = part.match(NUMBERED);
          const field = fields[part] || (numbered && fields[numbered[1]]);
          if (!field) {
            pieces.append(`(à corriger dans : ${part})`);
            return;
          }
          const link = document.createElement("a");
          link.href = "#";
          link.textContent = part;
          link.dataset.gotoField = field;
          if (numbered && !fields[part]) link.dataset.gotoNumber = numbered[2];
          pieces.append("(à corriger dans : ", link, ")");
        });
        text.replaceWith(pieces);
      });
    });
  };

  const readability = (form) => {
    const panel = form.querySelector("[data-readability]");
    if (!panel) return;
    let timer = null;
    const parts = () => {
      const found = [];
      for (const [where, field] of Object.entries(READABILITY_FIELDS)) {
        const input = form.querySelector(`#id_${field}`);
        if (input && input.value.trim()) found.push([where, input.value]);
      }
      topBlocks(form).forEach((block, index) => {
        const texts = [...block.querySelectorAll("[contenteditable=true], textarea")]
          .map((element) => (element.isContentEditable ? element.innerText : element.value))
          .filter((text) => text.trim());
        if (texts.length) found.push([`Corps, bloc ${index + 1}`, texts.join("\n")]);
      });
      return found;
    };
    const refresh = async () => {
      const token = form.querySelector("[name=csrfmiddlewaretoken]");
      const response = await fetch(panel.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
        body: JSON.stringify({ parts: parts(), audience: form.querySelector("#id_audience")?.value }),
        credentials: "same-origin",
      });
      if (response.ok) panel.innerHTML = await response.text();
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 700);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later); // the audience chosen
    form.addEventListener("keyup", later); // Draftail's editors
    panel.addEventListener("click", (event) => {
      const button = event.target.closest("[data-readability-where]");
      if (!button) return;
      const where = button.dataset.readabilityWhere;
      const block = where.match(/^Corps, bloc (\d+)$/);
      if (block) goTo(form, "body", Number(block[1]));
      else goTo(form, READABILITY_FIELDS[where]);
    });
    refresh();
  };

  const showComments = () => {
    // Wagtail's comments app counts the comments to resolve once the page has loaded.
    const open = () => {
      const toggle = document.querySelector("[data-side-panel-toggle=comments]");
      const counter = toggle?.querySelector("[data-side-panel-toggle-counter]");
      if (!counter || !(Number(counter.textContent) > 0)) return;
      if (toggle.getAttribute("aria-expanded") !== "true") toggle.click();
    };
    if (document.readyState === "complete") setTimeout(open, 0);
    else window.addEventListener("load", () => setTimeout(open, 0), { once: true });
  };

  // The send-back notice goes from the messages above the header to the top of the form: the
  // writer still reads it first, and Wagtail's comments, which it places without counting the
  // messages' height, stay beside their fields.
  const sendBackInForm = (form) => {
    const item = document.querySelector(".messages li.send-back");
    const first = form.querySelector("[role=tabpanel]");
    if (!item || !first) return;
    const notice = document.createElement("div");
    notice.className = "help-block help-warning send-back-notice";
    notice.setAttribute("role", "status");
    notice.append(...item.childNodes);
    first.prepend(notice);
    const list = item.parentElement;
    item.remove();
    if (!list.querySelector("li")) list.closest(".messages")?.remove();
  };

  // Wagtail replaces the editor's comments with the server's copy after each autosave
  // (« w-autosave:success » → commentApp.updateData). A comment posted while that autosave was
  // on its way is not in that copy: it would vanish from the form while still shown, and be
  // lost. When the comments changed meanwhile, the editor keeps its own: the server's copy is
  // dropped before Wagtail's comments app reads it. A comment that autosave created gets no id
  // then; the next save posts it again and the server recognises it (magazine/core/forms.py).
  const keepCommentsPostedMeanwhile = () => {
    const store = () => window.comments && window.comments.commentApp && window.comments.commentApp.store;
    let sent = null;
    document.addEventListener("w-autosave:save", () => {
      sent = store() ? store().getState().comments : null;
    });
    window.addEventListener(
      "w-autosave:success",
      (event) => {
        const data = event.detail && event.detail.data;
        if (data && data.comments && store() && store().getState().comments !== sent) {
          delete data.comments;
        }
      },
      true,
    );
  };

  const start = () => {
    const form = document.getElementById("page-edit-form");
    if (!form) return;
    keepCommentsPostedMeanwhile();
    sendBackInForm(form);
    showComments();
    linkProblems(form);
    readability(form);
    document.addEventListener("click", (event) => {
      const link = event.target.closest("[data-goto-field]");
      if (link && goTo(form, link.dataset.gotoField, Number(link.dataset.gotoNumber) || null)) {
        event.preventDefault();
      }
    });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
