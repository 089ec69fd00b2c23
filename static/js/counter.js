/* Shows how many characters are left in textareas marked data-count (the limit is their maxlength). */
(() => {
  "use strict";
  for (const area of document.querySelectorAll("textarea[data-count][maxlength]")) {
    const output = document.querySelector(`[data-counter-for="${area.id}"]`);
    if (!output) continue;
    const limit = Number(area.maxLength);
    const update = () => {
      output.textContent = `${area.value.length} / ${limit}`;
    };
    area.addEventListener("input", update);
    update();
  }
})();
