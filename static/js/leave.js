// The leave form counts the working days chosen as the dates change, before anything is
// sent; the server counts again when the request is submitted.
document.addEventListener("DOMContentLoaded", () => {
  const out = document.getElementById("leave-days");
  if (!out) return;
  const names = ["leave_type", "start_date", "start_session", "end_date", "end_session"];
  const fields = names.map((name) => document.querySelector(`[name="${name}"]`));
  let pending = null;

  async function update() {
    const params = new URLSearchParams();
    fields.forEach((field, i) => {
      if (field) params.set(names[i], field.value);
    });
    if (!params.get("start_date") || !params.get("end_date")) {
      out.hidden = true;
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    try {
      const response = await fetch(`${out.dataset.url}?${params}`, {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return;
      const body = await response.json();
      out.textContent = body.message;
      out.classList.toggle("leave-days-problem", body.days === null || body.days === 0);
      out.hidden = false;
    } catch (error) {
      if (error.name !== "AbortError") out.hidden = true;
    }
  }

  fields.forEach((field) => field && field.addEventListener("change", update));
  update();
});
