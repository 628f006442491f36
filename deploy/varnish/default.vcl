# Varnish (Debian's `varnish`, 7.x): the front cache for anonymous visitors.
# Copy to /etc/varnish/default.vcl. Visitors (through the TLS terminator) reach Varnish on :6081;
# Varnish asks HAProxy (deploy/haproxy/haproxy.cfg), which balances the app servers.
#
# What is cached: only what the app marks `Cache-Control: public` (hearth/frontcache.py), for
# anonymous visitors: home, What's on and its calendars, gatherings and their dates, venues,
# public feeds, static files. Never: the admin, /rsvp/ (booking form, outcome, manage links),
# personal feeds, search, documents, health; anything for a signed-in organiser; any response that
# sets a cookie. The date page is cached, so its booking form carries no CSRF token (README,
# "The front cache and CSRF").
#
# Purging: the app servers send `PURGE <path>` (Wagtail's frontend cache, through the task
# queue) when what a page shows changes. A purge removes the path with any query string (the
# listing with filters, say); a path ending in `*` removes everything under it (a gathering and
# all its date pages). Only the addresses in `purgers` may purge.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# The app servers and task workers (they send the purges), and the monitoring host.
acl purgers {
    "127.0.0.1";
    "10.0.0.11";
    "10.0.0.12";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        set req.http.x-purge = regsub(req.url, "\?.*$", "");
        if (req.http.x-purge ~ "\*$") {
            ban("obj.http.x-url ~ ^" + regsub(req.http.x-purge, "\*$", ""));
        } else {
            ban("obj.http.x-url ~ ^" + req.http.x-purge + "(\?|$)");
        }
        return (synth(200, "Purged"));
    }

    # The balancer's and the monitoring's: never from the cache, never from outside.
    if (req.url ~ "^/health/") {
        if (client.ip !~ purgers) {
            return (synth(404, "Not Found"));
        }
        return (pass);
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Personal, or carrying a CSRF token: always from the app, for this visitor alone.
    # (Booking and search in another language live under its code: /pl/rsvp/, /ar/search/.)
    if (req.url ~ "^/((pl|ar)/)?(admin|rsvp|search|documents)(/|\?|$)" || req.url ~ "^/feeds/mine/") {
        return (pass);
    }
    # A signed-in organiser sees pages with their own tools on them.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Everyone else is anonymous to a public page: their cookies (the CSRF cookie, say) play
    # no part in it, and without them the app cannot make the page anyone's in particular.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # An app server that died while answering a read (HAProxy says 502/503/504): ask again, and
    # HAProxy gives it to a live server. Only reads: a post is never sent twice.
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.method ~ "^(GET|HEAD)$"
            && bereq.retries < 2) {
        return (retry);
    }
    # For purges: the bans match on these, so the ban lurker can clear objects in the background.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;

    # Only what the app marked public is shared; never a response that sets a cookie.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # A page whose lifetime ran out is served for a few seconds more while a fresh one is fetched.
    set beresp.grace = 30s;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
        # The id belongs to the request that filled the cache, not to this one.
        unset resp.http.X-Request-ID;
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_backend_error {
    # HAProxy itself unreachable for a moment (reloading): a read is asked again.
    if (bereq.method ~ "^(GET|HEAD)$" && bereq.retries < 2) {
        return (retry);
    }
}
