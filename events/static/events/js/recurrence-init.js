// Start every recurrence widget on the page once the DOM is ready. Replaces the package's init
// script, which watches a Django-admin-only element (#container) and warns when it is missing.
(function () {
  function start() {
    document.querySelectorAll('textarea.recurrence-widget:not([data-recurrence-ready])').forEach(function (field) {
      field.setAttribute('data-recurrence-ready', '1');
      new recurrence.widget.Widget(field.id, {});
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
