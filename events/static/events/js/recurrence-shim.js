// django-recurrence's widget looks for jQuery at `django.jQuery` (Django admin's name for it).
// Point that at the jQuery Wagtail's admin already loaded, instead of loading a second copy.
window.django = window.django || {};
window.django.jQuery = window.django.jQuery || window.jQuery;
