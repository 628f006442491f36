"""Put a Hearth home page at the root of the default site, in place of Wagtail's welcome page."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("hearth.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    welcome_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=welcome_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="hearth", model="homepage")
    home = HomePage.objects.create(
        title="Hearth",
        draft_title="Hearth",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro="Gatherings for wellbeing, open to everyone.",
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Hearth"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("hearth.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("hearth", "0001_initial"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_home_page, remove_home_page)]
