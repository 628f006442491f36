// On the "cancel or move" form for one date: show the date, time and venue fields only when
// the date goes ahead, since cancelling or restoring ignores them.
(function () {
  function start() {
    var choices = document.querySelectorAll('input[name="action"]');
    if (!choices.length) {
      return;
    }
    var wrappers = ['id_date', 'id_start_time', 'id_end_time', 'id_venue']
      .map(function (id) {
        var field = document.getElementById(id);
        return field && field.closest('[data-field-wrapper]');
      })
      .filter(Boolean);
    function update() {
      var chosen = document.querySelector('input[name="action"]:checked');
      var goesAhead = !chosen || chosen.value === 'keep';
      wrappers.forEach(function (wrapper) {
        wrapper.hidden = !goesAhead;
      });
    }
    choices.forEach(function (choice) {
      choice.addEventListener('change', update);
    });
    update();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
