// Wagtail draws StreamField errors in the browser, after the tab badges have counted the
// errors rendered by the server (wagtail/wagtail#12823), so a policy refused on save showed
// no badge on its "Quy trình phê duyệt" tab. Count again once the blocks are drawn.
(function () {
  function recount() {
    var app = window.wagtail && window.wagtail.app;
    if (!app) return;
    document.querySelectorAll('[data-controller~="w-count"]').forEach(function (element) {
      var counter = app.getControllerForElementAndIdentifier(element, 'w-count');
      if (counter) counter.count();
    });
  }
  window.addEventListener('load', function () {
    window.requestAnimationFrame(recount);
  });
})();
