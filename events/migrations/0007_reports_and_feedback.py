import django.db.models.deletion
import uuid
from django.db import migrations, models


def pseudonyms_for_existing_bookings(apps, schema_editor):
    """Bookings made before pseudonyms still hold their address: give them theirs now."""
    from events.services import pseudonyms

    RSVP = apps.get_model("events", "RSVP")
    key_id = pseudonyms.key_id()
    batch = []
    for rsvp in RSVP.objects.exclude(email="").only("pk", "email").iterator():
        rsvp.pseudonym = pseudonyms.pseudonym(rsvp.email)
        rsvp.pseudonym_key = key_id
        batch.append(rsvp)
        if len(batch) >= 500:
            RSVP.objects.bulk_update(batch, ["pseudonym", "pseudonym_key"])
            batch = []
    RSVP.objects.bulk_update(batch, ["pseudonym", "pseudonym_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_join_requests_and_online_access'),
    ]

    operations = [
        migrations.AddField(
            model_name='rsvp',
            name='feedback_requested_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='rsvp',
            name='feedback_wanted',
            field=models.BooleanField(blank=True, help_text='The feedback question after the date: yes, no, or unset (then yes unless the booking has a discreet title).', null=True),
        ),
        migrations.AddField(
            model_name='rsvp',
            name='pseudonym',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text='A keyed hash of the e-mail address (services/pseudonyms.py); never shown.', max_length=64),
        ),
        migrations.AddField(
            model_name='rsvp',
            name='pseudonym_key',
            field=models.CharField(blank=True, editable=False, help_text='Which key made the pseudonym: pseudonyms of different keys never match.', max_length=8),
        ),
        migrations.CreateModel(
            name='FeedbackInvitation',
            fields=[
                ('token_hash', models.CharField(editable=False, max_length=64, primary_key=True, serialize=False)),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('occurrence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.occurrence')),
            ],
        ),
        migrations.CreateModel(
            name='FeedbackAnswer',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('answered_on', models.DateField(help_text='The day of the answer (never the time).')),
                ('feeling', models.PositiveSmallIntegerField(choices=[(1, 'Very low'), (2, 'Low'), (3, 'Okay'), (4, 'Good'), (5, 'Very good')])),
                ('less_alone', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Strongly disagree'), (2, 'Disagree'), (3, 'Neither agree nor disagree'), (4, 'Agree'), (5, 'Strongly agree')], null=True, verbose_name='I feel less alone')),
                ('comment', models.TextField(blank=True, max_length=1000)),
                ('occurrence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback_answers', to='events.occurrence')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('feeling__gte', 1), ('feeling__lte', 5)), name='feedback_feeling_1_to_5'), models.CheckConstraint(condition=models.Q(('less_alone__isnull', True), models.Q(('less_alone__gte', 1), ('less_alone__lte', 5)), _connector='OR'), name='feedback_less_alone_1_to_5')],
            },
        ),
        migrations.RunPython(pseudonyms_for_existing_bookings, migrations.RunPython.noop),
    ]
