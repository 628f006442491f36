// Start every recurrence widget on the page, and make the dates it writes calendar dates.
//
// This replaces the package's init script, which watches a Django-admin-only element
// (#container) and warns when it is missing.
//
// The widget keeps picked dates ("Add date", exclusions, "until") as the browser's local
// midnight and writes them in UTC. East of Greenwich, and in London in summer, local midnight
// is the previous day in UTC, so the server would read 15 July as 14 July. Hearth reads these
// values as calendar dates (events/schedule.py), so write the calendar date the organiser
// picked as midnight UTC, and read it back the same way.
(function () {
  if (!window.recurrence || recurrence.__hearthCalendarDates) {
    return;
  }
  recurrence.__hearthCalendarDates = true;

  function asUtcFields(date) {
    if (!date) {
      return date;
    }
    return new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate(),
      date.getHours(), date.getMinutes(), date.getSeconds()));
  }

  function asLocalFields(date) {
    if (!date) {
      return date;
    }
    return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(),
      date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  }

  function ruleWithUntil(rule, convert) {
    var copy = Object.create(Object.getPrototypeOf(rule));
    Object.keys(rule).forEach(function (key) { copy[key] = rule[key]; });
    copy.until = convert(rule.until);
    return copy;
  }

  var serialize = recurrence.serialize;
  recurrence.serialize = function (value) {
    var set = value instanceof recurrence.Rule
      ? new recurrence.Recurrence({rrules: [value]})
      : value;
    return serialize(new recurrence.Recurrence({
      dtstart: asUtcFields(set.dtstart),
      dtend: asUtcFields(set.dtend),
      rrules: set.rrules.map(function (r) { return ruleWithUntil(r, asUtcFields); }),
      exrules: set.exrules.map(function (r) { return ruleWithUntil(r, asUtcFields); }),
      rdates: set.rdates.map(asUtcFields),
      exdates: set.exdates.map(asUtcFields)
    }));
  };

  var deserialize = recurrence.deserialize;
  recurrence.deserialize = function (text) {
    var set = deserialize(text);
    set.dtstart = asLocalFields(set.dtstart);
    set.dtend = asLocalFields(set.dtend);
    set.rrules.forEach(function (r) { r.until = asLocalFields(r.until); });
    set.exrules.forEach(function (r) { r.until = asLocalFields(r.until); });
    set.rdates = set.rdates.map(asLocalFields);
    set.exdates = set.exdates.map(asLocalFields);
    return set;
  };

  // The package's English label misspells "occurrences".
  recurrence.display.labels.exclude_occurrences = gettext('Exclude these dates');

  // Native date inputs instead of the widget's text field and pop-up calendar: the browser's
  // own picker is keyboard-friendly and always gives YYYY-MM-DD, the format the widget reads.
  var DateSelector = recurrence.widget.DateSelector.prototype;
  var dateSelectorDom = DateSelector.init_dom;
  DateSelector.init_dom = function () {
    dateSelectorDom.call(this);
    this.elements.date_field.type = 'date';
    this.elements.date_field.setAttribute('aria-label', recurrence.display.labels.date);
    this.elements.calendar_button.hidden = true;
  };

  // Name the widget's controls for screen readers (its labels are loose <span>s) and make the
  // weekday and month grids work from the keyboard, as checkboxes.
  function labelControls(root) {
    root.querySelectorAll('select, input:not([type="date"])').forEach(function (control) {
      if (control.hasAttribute('aria-label')) {
        return;
      }
      var sibling = control.type === 'checkbox' || control.type === 'radio'
        ? control.nextElementSibling
        : control.previousElementSibling;
      if (sibling && sibling.textContent.trim()) {
        control.setAttribute('aria-label', sibling.textContent.trim().replace(/:$/, ''));
      }
    });
    root.querySelectorAll('table.grid td').forEach(function (cell) {
      if (cell.hasAttribute('role') || !cell.textContent.trim()) {
        return;
      }
      cell.setAttribute('role', 'checkbox');
      cell.tabIndex = 0;
      var sync = function () {
        cell.setAttribute('aria-checked', String(recurrence.widget.has_class(cell, 'active')));
      };
      sync();
      cell.addEventListener('click', sync);
      cell.addEventListener('keydown', function (event) {
        if (event.key === ' ' || event.key === 'Enter') {
          event.preventDefault();
          cell.click();
        }
      });
    });
  }

  var Widget = recurrence.widget.Widget.prototype;
  ['add_rule_panel', 'add_date_panel'].forEach(function (name) {
    var addPanel = Widget[name];
    Widget[name] = function () {
      var panel = addPanel.apply(this, arguments);
      labelControls(panel.elements.root);
      return panel;
    };
  });

  // The package writes dates in US order ("Thursday, July 8, 2027", "until 2027-07-08") through
  // two translatable formats. Translating them is how a language changes the order, so give
  // Django's JavaScript catalogue the site's own formats (from the field's data attributes).
  var PACKAGE_FORMATS = {
    long: 'date\x04%l, %F %j, %Y',
    short: 'Until date format\x04%Y-%m-%d'
  };

  function useSiteDateFormats(field) {
    var formats = {
      long: field.getAttribute('data-long-date-format'),
      short: field.getAttribute('data-date-format')
    };
    var catalog = window.django && window.django.catalog;
    if (!catalog) {
      return;
    }
    Object.keys(PACKAGE_FORMATS).forEach(function (key) {
      if (formats[key]) {
        catalog[PACKAGE_FORMATS[key]] = formats[key];
      }
    });
  }

  function start() {
    var fields = document.querySelectorAll(
      'textarea.recurrence-widget:not([data-recurrence-ready]):not([id*="__prefix__"])');
    fields.forEach(function (field) {
      field.setAttribute('data-recurrence-ready', '1');
      useSiteDateFormats(field);
      new recurrence.widget.Widget(field.id, {});
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
