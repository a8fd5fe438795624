// The « Lisibilité » panel of the article editor: the text being written is sent to the server
// (magazine/editorial/readability.py computes, one implementation) a moment after each change,
// and the panel shows what it says. Each long sentence's button leads to where it is written.
(() => {
  const BLOCK = /^Corps, bloc (\d+)$/;
  const FIELDS = { "Chapô": "#id_chapo", "En bref": "#id_summary" };

  const start = () => {
    const panel = document.querySelector("[data-readability]");
    const form = panel && panel.closest("form");
    if (!form) return;
    let timer = null;

    const blocks = () => [...form.querySelectorAll("#body-root [data-streamfield-child]")]
      .filter((block) => block.parentElement.closest("[data-streamfield-child]") === null);

    const parts = () => {
      const found = [];
      for (const [where, selector] of Object.entries(FIELDS)) {
        const field = form.querySelector(selector);
        if (field && field.value.trim()) found.push([where, field.value]);
      }
      blocks().forEach((block, index) => {
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
        body: JSON.stringify({ parts: parts() }),
        credentials: "same-origin",
      });
      if (response.ok) panel.innerHTML = await response.text();
    };

    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 700);
    };
    form.addEventListener("input", later);
    form.addEventListener("keyup", later); // Draftail's editors
    panel.addEventListener("click", (event) => {
      const button = event.target.closest("[data-readability-where]");
      if (!button) return;
      const where = button.dataset.readabilityWhere;
      const number = where.match(BLOCK);
      const target = number
        ? blocks()[Number(number[1]) - 1]?.querySelector("[contenteditable=true], textarea")
        : form.querySelector(FIELDS[where]);
      if (!target) return;
      const tab = target.closest("[role=tabpanel]");
      if (tab && tab.hidden) document.querySelector(`[aria-controls="${tab.id}"]`)?.click();
      target.scrollIntoView({ block: "center" });
      target.focus();
    });
    refresh();
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
