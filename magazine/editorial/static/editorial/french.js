// The editor in French, for the few words its scripts write in English without going through
// Django's translations: Wagtail's link tooltip (« Edit », « Remove ») and wagtail-footnotes'
// links back to a note's call (« ↑ Go to reference »). They are put in French as they appear.
(() => {
  const FRENCH = new Map([
    ["Edit", "Modifier"],
    ["Remove", "Retirer"],
    ["↑ Go to reference", "↑ Aller à l’appel de note"],
    ["↑ Go to reference: ", "↑ Appels de la note\u00a0: "],
  ]);
  const WHERE = ".Tooltip__button, .footnote-back-links, .footnote-back-link";

  const translate = (root) => {
    const elements = [
      ...(root.matches?.(WHERE) ? [root] : []),
      ...(root.querySelectorAll?.(WHERE) ?? []),
    ];
    for (const element of elements) {
      for (const node of element.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && FRENCH.has(node.nodeValue)) {
          node.nodeValue = FRENCH.get(node.nodeValue);
        }
      }
    }
  };

  new MutationObserver((changes) => {
    for (const change of changes) change.addedNodes.forEach(translate);
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => translate(document.body));
})();
