// The menu collapses behind a button on narrow screens; without JavaScript it stays open.
document.documentElement.classList.replace("no-js", "js");
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }
  // A form that came back with errors: take the keyboard and screen reader to the summary.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// Forms are guarded here; the server checks everything again (the submission token makes a
// repeated POST create one submission, a decision without a reason is refused).
//  - data-confirm="…" on a form or button asks first (Rút đơn);
//  - data-needs-comment on a button requires the form's [data-comment] textarea to be filled;
//  - data-once on a form disables its buttons after the first submit (double-click guard).
function showCommentError(box) {
  const error = document.getElementById(box.dataset.errorId);
  if (error) {
    error.hidden = false;
    const ids = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!ids.includes(error.id)) ids.push(error.id);
    box.setAttribute("aria-describedby", ids.join(" "));
  }
  box.setAttribute("aria-invalid", "true");
  box.focus();
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const submitter = event.submitter;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  const question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (submitter && submitter.hasAttribute("data-needs-comment")) {
    const box = form.querySelector("[data-comment]");
    if (box && !box.value.trim()) {
      event.preventDefault();
      showCommentError(box);
      return;
    }
  }
  if (!form.hasAttribute("data-once")) return;
  form.dataset.submitting = "1";
  // A disabled button is left out of the submitted data, so its name/value travels in a
  // hidden copy (the decision buttons share name="decision").
  if (submitter && submitter.name) {
    const copy = document.createElement("input");
    copy.type = "hidden";
    copy.name = submitter.name;
    copy.value = submitter.value;
    copy.dataset.submitterCopy = "1";
    form.appendChild(copy);
  }
  form.querySelectorAll("button[type=submit], input[type=submit]").forEach((button) => {
    button.disabled = true;
  });
  if (submitter && submitter.dataset.busyLabel) {
    submitter.dataset.idleLabel = submitter.textContent;
    submitter.textContent = submitter.dataset.busyLabel;
  }
});

// Coming back with the browser's Back button restores the page as it was left: re-enable.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-submitting]").forEach((form) => {
    delete form.dataset.submitting;
    form.querySelectorAll("[data-submitter-copy]").forEach((copy) => copy.remove());
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach((button) => {
      button.disabled = false;
      if (button.dataset.idleLabel) button.textContent = button.dataset.idleLabel;
    });
  });
});

// Typing a reason clears the "reason required" message.
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute("data-comment")) return;
  if (box.value.trim() && box.getAttribute("aria-invalid") === "true") {
    box.removeAttribute("aria-invalid");
    const error = document.getElementById(box.dataset.errorId);
    if (error) error.hidden = true;
  }
});
