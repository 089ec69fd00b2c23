/* "Link to clause N" copies the clause's full address when the browser can; without JavaScript it is a plain
   anchor link, so the address bar shows the address to copy. */
(() => {
  for (const link of document.querySelectorAll("a[data-copy-link]")) {
    link.addEventListener("click", (event) => {
      if (!navigator.clipboard) return;
      event.preventDefault();
      const address = new URL(link.getAttribute("href"), location.href).href;
      navigator.clipboard.writeText(address).then(() => {
        history.replaceState(null, "", link.getAttribute("href"));
        link.dataset.copied = "true";
        link.setAttribute("aria-live", "polite");
        link.textContent = link.dataset.copiedLabel || link.textContent;
      });
    });
  }
})();
