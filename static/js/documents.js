// Polls a document that is being made and shows its link when it is ready (no reload needed).
(function () {
  "use strict";
  const box = document.querySelector("[data-document-state]");
  if (!box) return;
  const message = box.querySelector(".document-message");
  const links = box.querySelector(".document-links");
  const link = box.querySelector(".document-download");
  let delay = 2000;
  async function poll() {
    try {
      const response = await fetch(box.dataset.documentState, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        message.textContent = state.message;
        if (state.url) {
          link.href = state.url;
          links.hidden = false;
        }
        if (!state.working) return;
      }
    } catch (error) {
      // A network blip: try again a little later.
    }
    delay = Math.min(delay * 1.5, 15000);
    window.setTimeout(poll, delay);
  }
  if (!links || links.hidden) window.setTimeout(poll, delay);
})();
