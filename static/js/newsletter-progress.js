// The newsletter "Send" screen: polls the progress endpoint while a send runs.
(function () {
  const box = document.querySelector("[data-newsletter-progress]");
  if (!box) return;
  const bar = box.querySelector("progress");
  async function poll() {
    try {
      const response = await fetch(box.dataset.url, { credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      for (const span of box.querySelectorAll("[data-count]")) {
        span.textContent = data[span.dataset.count];
      }
      bar.max = Math.max(data.total, 1);
      bar.value = data.sent + data.bounced + data.failed + data.skipped;
      if (data.status === "sending" || data.status === "scheduled") setTimeout(poll, 3000);
    } catch (error) {
      setTimeout(poll, 10000);
    }
  }
  setTimeout(poll, 2000);
})();
