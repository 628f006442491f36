"""The production topology, on this machine: Varnish -> HAProxy -> two gunicorn app servers ->
PostgreSQL and Redis; two task workers; an S3 stand-in (moto) for images; an SMTP sink.

One cluster serves every test (deploy/cluster/cluster.py, `make topology`); the tests that break
a piece of it on purpose (an app server, a worker, Redis) come last, and put it back.
"""

import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from tests.topology.conftest import (
    TOKEN_INPUT,
    book,
    fresh,
    messages,
    messages_to,
    sql,
    text_of,
    visitor,
    wait_for_mail,
    wait_until,
)

pytestmark = pytest.mark.topology

MANAGE_LINK = re.compile(r"https?://[^\s\"<>]+/rsvp/manage/([A-Za-z0-9_-]+)/")


def status_of(response):
    return response.status_code


def _cached(session, url):
    """Fetch ``url`` until the front cache serves it (a HIT). Returns that response."""
    for _ in range(5):
        response = session.get(url, timeout=30)
        assert response.status_code == 200, (url, response.status_code)
        if response.headers.get("X-Cache") == "HIT":
            return response
    raise AssertionError(f"{url} never came from the cache: {dict(response.headers)}")


@pytest.fixture(scope="module")
def gathering(organiser):
    """Two places per date: a booking or two make a date full."""
    return organiser.run("result = make_gathering(capacity=2, max_party_size=2)")


# The front cache ----------------------------------------------------------------------------------


def test_public_pages_and_feeds_come_from_the_front_cache_without_cookies_or_tokens(
    cluster, gathering
):
    session = visitor()
    date = gathering["dates"][0]
    for url in (
        f"{cluster.url}/",
        f"{cluster.url}/whats-on/",
        f"{cluster.url}/whats-on/calendar/",
        gathering["url"],
        date["url"],
        gathering["venue_url"],
        f"{cluster.url}/feeds/all.ics",
        f"{cluster.url}/feeds/gathering/{gathering['slug']}.ics",
    ):
        hit = _cached(session, url)
        assert "Set-Cookie" not in hit.headers, url
        assert "csrfmiddlewaretoken" not in hit.text, url
    # The date page's form is there, without a token; its script asks for one on submit.
    page = _cached(session, date["url"])
    assert 'class="rsvp-form"' in page.text
    assert "/static/js/rsvp" in page.text


def test_personal_pages_never_come_from_the_cache(cluster, gathering):
    session = visitor()
    date = gathering["dates"][1]
    for url in (
        f"{cluster.url}/rsvp/{date['id']}/",
        f"{cluster.url}/rsvp/token/",
        f"{cluster.url}/admin/login/",
        f"{cluster.url}/search/?q=circle",
    ):
        for _ in range(2):
            response = session.get(url, timeout=30)
            assert response.headers.get("X-Cache") == "MISS", url
            assert "public" not in response.headers.get("Cache-Control", ""), url


def test_two_visitors_never_share_a_csrf_token_or_anyones_booking(cluster, gathering, organiser):
    date = gathering["dates"][1]
    ana, ben = visitor(), visitor()
    token_a = ana.get(f"{cluster.url}/rsvp/token/").json()["token"]
    token_b = ben.get(f"{cluster.url}/rsvp/token/").json()["token"]
    assert token_a != token_b
    assert ana.cookies["csrftoken"] != ben.cookies["csrftoken"]
    # The booking form's own page gives each visitor their own token too.
    form_a = TOKEN_INPUT.search(ana.get(f"{cluster.url}/rsvp/{date['id']}/").text).group(1)
    form_b = TOKEN_INPUT.search(ben.get(f"{cluster.url}/rsvp/{date['id']}/").text).group(1)
    assert form_a != form_b

    # Ana books; her name and address appear on her pages only, never on a cached one.
    name, address = "Anastasia Privately", f"ana.{uuid.uuid4().hex[:8]}@example.org"
    response = book(ana, cluster, date["id"], email_address=address, name=name)
    assert response.status_code == 302, response.text[:500]
    for url in (date["url"], gathering["url"], f"{cluster.url}/whats-on/", f"{cluster.url}/"):
        seen_by_ben = ben.get(url, timeout=30)
        assert name not in seen_by_ben.text and address not in seen_by_ben.text
        assert "Set-Cookie" not in seen_by_ben.headers or seen_by_ben.headers["X-Cache"] == "MISS"

    # An organiser's view of a page (with the Wagtail user bar) is never stored for others.
    organiser.run("make_admin('topology-admin', 'topology-password-1')")
    staff = visitor()
    login = f"{cluster.url}/admin/login/"
    token = TOKEN_INPUT.search(staff.get(login).text).group(1)
    staff.post(
        login,
        data={
            "username": "topology-admin",
            "password": "topology-password-1",
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": login},
    )
    assert "sessionid" in staff.cookies
    own_view = staff.get(gathering["url"])
    assert own_view.headers["X-Cache"] == "MISS"
    assert "wagtail-userbar" in own_view.text
    assert "wagtail-userbar" not in _cached(visitor(), gathering["url"]).text


# Booking, e-mail and the purges -------------------------------------------------------------------


def test_booking_through_the_balancer_emails_a_working_manage_link_that_cancels(cluster, gathering):
    date = gathering["dates"][0]
    address = f"sam.{uuid.uuid4().hex[:8]}@example.org"
    session = visitor()
    # Without JavaScript: the first post asks to confirm (with a token), the second books.
    response = book(session, cluster, date["id"], email_address=address, js=False)
    assert response.status_code == 302, response.text[:500]
    assert "/outcome/" in response.headers["Location"]

    [confirmation] = wait_for_mail(cluster, address)
    assert "You're booked" in confirmation["Subject"]
    link = MANAGE_LINK.search(text_of(confirmation))
    assert link, text_of(confirmation)
    manage_url = link.group(0)
    assert manage_url.startswith(cluster.url)  # the public address, through the front cache

    # The link works from anyone's browser, through the cache, and is never cached.
    reader = visitor()
    page = reader.get(manage_url)
    assert page.status_code == 200 and "Sam" in page.text
    assert page.headers["X-Cache"] == "MISS"
    assert "no-store" in page.headers["Cache-Control"]
    cancel_url = f"{manage_url}cancel/"
    token = TOKEN_INPUT.search(reader.get(cancel_url).text).group(1)
    cancelled = reader.post(cancel_url, data={"csrfmiddlewaretoken": token}, allow_redirects=False)
    assert cancelled.status_code == 302
    wait_for_mail(cluster, address, count=2)
    assert any("Booking cancelled" in m["Subject"] for m in messages_to(cluster, address))
    [(status,)] = sql(cluster, "SELECT status FROM events_rsvp WHERE email = %s", [address])
    assert status == "cancelled"


def test_a_date_that_fills_up_or_has_places_again_shows_so_at_once_through_the_cache(
    cluster, gathering
):
    date = gathering["dates"][0]
    session = visitor()
    assert "A few places left" in _cached(session, date["url"]).text  # two places, both free
    _cached(session, gathering["url"])
    _cached(session, f"{cluster.url}/feeds/gathering/{gathering['slug']}.ics")

    address = f"pair.{uuid.uuid4().hex[:8]}@example.org"
    booked = book(visitor(), cluster, date["id"], email_address=address, party_size=2)
    assert booked.status_code == 302
    took, _ = wait_until(
        "the date page to say it is full",
        lambda: "This date is full" in session.get(date["url"]).text,
    )
    print(f"full shown through the cache {took:.2f} s after the booking")
    # The gathering's page and its feed were purged with it (fetched afresh, then cached again).
    assert session.get(gathering["url"]).headers["X-Cache"] == "MISS"

    # Cancelling gives the places back, and the page says so.
    [message] = wait_for_mail(cluster, address)
    manage_url = MANAGE_LINK.search(text_of(message)).group(0)
    token = TOKEN_INPUT.search(session.get(f"{manage_url}cancel/").text).group(1)
    session.post(f"{manage_url}cancel/", data={"csrfmiddlewaretoken": token})
    wait_until(
        "the date page to have places again",
        lambda: "A few places left" in session.get(date["url"]).text,
    )


def test_cancelled_and_moved_dates_show_at_once_on_date_and_gathering_pages_and_feeds(
    cluster, gathering, organiser
):
    cancelled, moved = gathering["dates"][1], gathering["dates"][2]
    feed = f"{cluster.url}/feeds/gathering/{gathering['slug']}.ics"
    session = visitor()
    for url in (cancelled["url"], moved["url"], gathering["url"], feed):
        _cached(session, url)
    assert "STATUS:CANCELLED" not in session.get(feed).text

    organiser.run(f"cancel({cancelled['id']}, 'The hall is flooded.')")
    took, _ = wait_until(
        "the cancelled date page",
        lambda: "This date is cancelled" in session.get(cancelled["url"]).text,
    )
    print(f"cancellation shown through the cache {took:.2f} s after the commit")
    assert "The hall is flooded." in session.get(gathering["url"]).text
    assert "STATUS:CANCELLED" in session.get(feed).text

    for url in (moved["url"], gathering["url"], feed):
        _cached(session, url)
    organiser.run(f"result = move({moved['id']}, hours=2)")
    wait_until(
        "the moved date page", lambda: "This date has changed" in session.get(moved["url"]).text
    )
    assert "Later." in session.get(moved["url"]).text
    # 19:00 London moved two hours later: 21:00 in the feed's override for that date.
    assert "T210000" in session.get(feed).text


# Health, logs -------------------------------------------------------------------------------------


def test_health_endpoints_report_each_service_and_are_never_cached(cluster):
    full = requests.get(f"{cluster.balancer_url}/health/?format=json", timeout=30)
    assert full.status_code == 200, full.text
    assert set(full.json().values()) == {"OK"}
    assert any(name.startswith("TaskBacklog") for name in full.json())
    assert any(name.startswith("Storage") for name in full.json())
    for _ in range(2):
        lb = requests.get(f"{cluster.url}/health/lb/", timeout=30)
        assert lb.status_code == 200 and lb.headers["X-Cache"] == "MISS"
        assert "no-cache" in lb.headers["Cache-Control"]
    assert cluster.servers_up() == {"app1": "UP", "app2": "UP"}


def test_logs_are_json_lines_with_the_balancers_request_id_and_no_secrets(cluster, gathering):
    import json

    date = gathering["dates"][0]
    session = visitor()
    address = f"logs.{uuid.uuid4().hex[:8]}@example.org"
    response = book(session, cluster, date["id"], email_address=address, name="Loggy")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)  # HAProxy's uuid
    [message] = wait_for_mail(cluster, address)
    token = MANAGE_LINK.search(text_of(message)).group(1)
    session.get(f"{cluster.url}/rsvp/manage/{token}/")
    time.sleep(1.5)

    lines = []
    for name in ("app1", "app2", "mail1", "mail2", "haproxy"):
        for line in cluster.log(name).read_text().splitlines():
            if line.startswith("{"):
                lines.append((name, json.loads(line)))
    # The booking request: in HAProxy's log, an app server's log, and the e-mail task's log.
    with_id = [(name, entry) for name, entry in lines if entry.get("request_id") == request_id]
    names = {name for name, _ in with_id}
    assert "haproxy" in names
    assert names & {"app1", "app2"}
    assert names & {"mail1", "mail2"}, "the e-mail worker did not log under the request id"
    # No secret token, address or name anywhere in the logs.
    for name in ("app1", "app2", "worker1", "worker2", "mail1", "mail2", "haproxy", "varnish"):
        text = cluster.log(name).read_text()
        assert token not in text, f"manage token in {name}'s log"
        assert address not in text, f"e-mail address in {name}'s log"


# Images -------------------------------------------------------------------------------------------


def _admin_session(base_url, organiser):
    organiser.run("make_admin('topology-admin', 'topology-password-1')")
    session = visitor()
    login = f"{base_url}/admin/login/"
    token = TOKEN_INPUT.search(session.get(login).text).group(1)
    session.post(
        login,
        data={
            "username": "topology-admin",
            "password": "topology-password-1",
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": login},
    )
    return session


def _png():
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 600), "#3d6b5a")
    ImageDraw.Draw(image).ellipse((200, 100, 700, 500), fill="#f4d35e")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_an_image_uploaded_through_one_app_server_is_served_by_the_other(
    cluster, gathering, organiser
):
    app1 = _admin_session(cluster.app_url("app1"), organiser)
    add = f"{cluster.app_url('app1')}/admin/images/add/"
    token = TOKEN_INPUT.search(app1.get(add).text).group(1)
    title = f"Topology sunrise {uuid.uuid4().hex[:6]}"
    response = app1.post(
        add,
        data={"title": title, "csrfmiddlewaretoken": token, "collection": "1"},
        files={"file": ("sunrise.png", _png(), "image/png")},
        headers={"Referer": add},
    )
    assert response.status_code in (200, 302), response.text[:500]
    rows = sql(cluster, "SELECT id, file FROM wagtailimages_image WHERE title = %s", [title])
    assert len(rows) == 1, (response.url, response.text[:800])
    [(image_id, file_name)] = rows
    # The original is in the bucket, not on app1's disk.
    original = requests.get(f"{cluster.s3_url}/hearth-media/{file_name}", timeout=30)
    assert original.status_code == 200 and original.content.startswith(b"\x89PNG")

    # The other app server shows it in the admin (making a preview from the bucket's copy).
    app2 = _admin_session(cluster.app_url("app2"), organiser)
    edit = app2.get(f"{cluster.app_url('app2')}/admin/images/{image_id}/")
    assert edit.status_code == 200
    preview = re.search(r'src="(http://127\.0\.0\.1:\d+/hearth-media/images/[^"]+)"', edit.text)
    assert preview, "no preview from the bucket on app2"
    assert requests.get(preview.group(1), timeout=30).status_code == 200

    # Published on a gathering, its renditions are made by a task worker, before any visitor.
    organiser.run(f"result = show_image({gathering['id']}, {image_id})")
    wait_until(
        "renditions made by a worker",
        lambda: (
            sql(
                cluster,
                "SELECT count(*) FROM wagtailimages_rendition WHERE image_id = %s "
                "AND filter_spec IN ('fill-480x270', 'fill-1200x630')",
                [image_id],
            )[0][0]
            == 2
        ),
        timeout=60,
    )
    page = requests.get(
        fresh(f"{cluster.app_url('app2')}{urlsplit(gathering['url']).path}"), timeout=30
    )
    og_image = re.search(r'og:image" content="[^"]*?(/hearth-media/images/[^"]+)"', page.text)
    assert og_image, "no og:image on the gathering page"
    assert requests.get(f"{cluster.s3_url}{og_image.group(1)}", timeout=30).status_code == 200


# Restarts and failures ----------------------------------------------------------------------------


def _stream(url, seconds, *, threads=4):
    """GET ``url`` (never cached) from ``threads`` clients for ``seconds``; returns the
    statuses, or the exception names for requests that got no answer."""
    stop = time.monotonic() + seconds
    results = []

    def client():
        session = visitor()
        while time.monotonic() < stop:
            try:
                results.append(session.get(fresh(url), timeout=30).status_code)
            except requests.RequestException as error:
                results.append(type(error).__name__)

    with ThreadPoolExecutor(threads) as pool:
        for _ in range(threads):
            pool.submit(client)
    return results


def test_a_graceful_reload_of_both_app_servers_loses_no_request(cluster):
    def reload_both():
        time.sleep(2)
        cluster.reload("app1")
        time.sleep(2)
        cluster.reload("app2")

    reloader = threading.Thread(target=reload_both)
    reloader.start()
    results = _stream(f"{cluster.balancer_url}/whats-on/", 10)
    reloader.join()
    assert len(results) > 20
    assert set(results) == {200}, sorted(set(map(str, results)))
    cluster.wait_balanced()


def _time_first_requests(base_url, paths):
    timings = {}
    for path in paths:
        started = time.monotonic()
        response = requests.get(f"{base_url}{path}", timeout=60)
        timings[path] = round(time.monotonic() - started, 3)
        assert response.status_code == 200, (path, response.status_code)
    return timings


FIRST_PATHS = ("/", "/whats-on/", "/venues/")


def test_the_first_request_after_an_app_server_starts_answers_within_a_second(cluster, gathering):
    paths = (*FIRST_PATHS, urlsplit(gathering["dates"][0]["url"]).path)
    cluster.stop("app2")
    cluster.start("app2")
    cluster.wait_ready("app2")
    idle = _time_first_requests(cluster.app_url("app2"), paths)
    print(f"first requests after a start, idle: {idle}")

    # Again while the other app server is busy serving a stream of requests.
    cluster.stop("app2")
    busy = {}

    def measure():
        cluster.start("app2")
        cluster.wait_ready("app2")
        busy.update(_time_first_requests(cluster.app_url("app2"), paths))

    worker = threading.Thread(target=measure)
    worker.start()
    _stream(f"{cluster.app_url('app1')}/whats-on/calendar/", 15, threads=3)
    worker.join()
    print(f"first requests after a start, under load: {busy}")
    cluster.wait_balanced()
    assert max(idle.values()) < 1.0, idle
    assert max(busy.values()) < 1.0, busy


def test_killing_an_app_server_mid_stream_loses_no_booking(cluster, organiser):
    target = organiser.run("result = make_gathering(capacity=5000, max_party_size=1)")
    occurrence_id = target["dates"][0]["id"]
    total, clients = 60, 4
    outcomes = {}
    started = {}
    killed_at = []

    def client(index):
        session = visitor()
        for n in range(index, total, clients):
            address = f"stream{n:03d}.{uuid.uuid4().hex[:6]}@example.org"
            started[address] = time.monotonic()
            try:
                response = book(session, cluster, occurrence_id, email_address=address)
                outcomes[address] = response.status_code
            except requests.RequestException as error:
                outcomes[address] = type(error).__name__
            if n == 16:
                cluster.kill("app1")
                killed_at.append(time.monotonic())

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    cluster.start("app1")
    cluster.wait_ready("app1")

    assert killed_at
    failed = {a: o for a, o in outcomes.items() if o != 302}
    print(f"killed app1 during {total} bookings: {len(failed)} failed in flight: {failed}")
    # Only requests in flight on the killed server fail: at most one per client, at the kill.
    assert len(failed) <= clients, failed
    for address in failed:
        assert abs(started[address] - killed_at[0]) < 5, (address, failed[address])
    rows = sql(
        cluster,
        "SELECT email, status, name, party_size FROM events_rsvp WHERE occurrence_id = %s",
        [occurrence_id],
    )
    booked = {email: (status, name, size) for email, status, name, size in rows}
    assert len(rows) == len(booked)  # nobody twice
    for address, outcome in outcomes.items():
        if outcome == 302:
            assert booked[address] == ("confirmed", "Sam", 1)
        elif address in booked:
            # Committed before the server died: whole, not half-written.
            assert booked[address] == ("confirmed", "Sam", 1)
    # Every booking made has its confirmation, once.
    for address in booked:
        assert len(wait_for_mail(cluster, address, timeout=90)) >= 1
    time.sleep(2)
    for address in booked:
        assert len(messages_to(cluster, address)) == 1, address
    cluster.wait_balanced()


def test_killing_an_email_worker_mid_send_still_delivers_every_email_exactly_once(
    cluster, organiser
):
    target = organiser.run("result = make_gathering(capacity=100, max_party_size=1)")
    occurrence_id = target["dates"][0]["id"]
    holding = cluster.run_dir / "smtp-holding"
    cluster.hold_file.write_text("hold")
    try:
        addresses = [f"held{n}.{uuid.uuid4().hex[:6]}@example.org" for n in range(4)]
        session = visitor()
        for address in addresses:
            assert book(session, cluster, occurrence_id, email_address=address).status_code == 302
        # A worker is now in the middle of a send, stopped by the relay after RCPT.
        wait_until("a worker mid-send", lambda: int(holding.read_text() or 0) >= 1, timeout=60)
        claims = sql(
            cluster,
            "SELECT DISTINCT claimed_by FROM events_outboundemail "
            "WHERE state = 'sending' AND claimed_by <> ''",
            [],
        )
        assert claims, "no e-mail claimed by a worker"
        victim = claims[0][0].split(":")[0].removeprefix("cluster-")
        assert victim in cluster.MAILERS
        cluster.kill(victim)
    finally:
        cluster.hold_file.unlink(missing_ok=True)
    cluster.start(victim)
    # The other worker takes the dead one's e-mails when their lease runs out (20 s here).
    for address in addresses:
        wait_for_mail(cluster, address, timeout=120)
    time.sleep(3)
    counts = {address: len(messages_to(cluster, address)) for address in addresses}
    assert set(counts.values()) == {1}, counts


def test_redis_stopped_for_a_moment_gives_no_server_errors(cluster, gathering):
    date = gathering["dates"][0]
    urls = [
        f"{cluster.url}/",
        f"{cluster.url}/whats-on/",
        gathering["url"],
        date["url"],
        f"{cluster.url}/feeds/all.ics",
        f"{cluster.url}/feeds/gathering/{gathering['slug']}.ics",
        f"{cluster.url}/rsvp/{date['id']}/",
    ]
    cluster.stop("redis")
    try:
        session = visitor()
        statuses = {url: session.get(fresh(url), timeout=30).status_code for url in urls}
        address = f"noredis.{uuid.uuid4().hex[:6]}@example.org"
        statuses["booking"] = book(session, cluster, date["id"], email_address=address).status_code
        statuses["health/lb"] = requests.get(
            f"{cluster.balancer_url}/health/lb/", timeout=30
        ).status_code
        # The full report says what is down, as it should (a 500 of its own, never the balancer's).
        report = requests.get(f"{cluster.balancer_url}/health/?format=json", timeout=30).json()
    finally:
        cluster.start("redis")
        cluster.wait_ready("redis")
    assert all(status < 500 for status in statuses.values()), statuses
    assert [name for name, state in report.items() if state != "OK"] == ["Cache(alias='default')"]
    assert cluster.servers_up() == {"app1": "UP", "app2": "UP"}


def test_every_message_in_the_sink_went_to_a_test_address(cluster):
    # A sanity check on the sink itself: what it holds is what the tests sent.
    assert all(str(m["To"]).endswith("@example.org") for m in messages(cluster))
