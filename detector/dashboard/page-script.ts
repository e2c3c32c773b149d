/**
 * The dashboard's browser script: polls `/api/status` and renders it. Every value from the server
 * goes in through textContent (log samples are attacker-controlled), never through innerHTML.
 */
export const PAGE_JS = String.raw`"use strict";
(function () {
  var refreshMs = Number(document.body.dataset.refresh || "2") * 1000;
  var open = {}; // addresses whose evidence the reader expanded survive each refresh
  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function fmtBytes(n) { return (n / 1048576).toFixed(1) + " MB"; }
  function fmtLeft(s) {
    if (s === null) return "permanent";
    if (s < 120) return s + " s";
    if (s < 7200) return Math.round(s / 60) + " min";
    return (s / 3600).toFixed(1) + " h";
  }
  function pill(text, cls) { return el("span", text, "pill " + (cls || "")); }
  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) { d.appendChild(el("dt", p[0])); d.appendChild(el("dd", p[1])); });
    return d;
  }
  function why(row) {
    var d = row.decision;
    if (!d) return el("span", "evidence not kept (see the audit log)", "muted");
    if (d.operator) return el("span", "banned by hand by " + d.operator.actor + (d.operator.reason ? ": " + d.operator.reason : ""));
    var e = d.evidence, b = e.baseline, t = e.thresholds;
    var box = el("details");
    box.open = open[row.ip] === true;
    box.addEventListener("toggle", function () { open[row.ip] = box.open; });
    var limit = d.rule === "own-history" && e.own ? e.own.limitRps : t.tightened ? t.tightLimitRps : t.limitRps;
    box.appendChild(el("summary", e.rate + " req/s (" + e.requests + " in " + e.windowSeconds + " s) > limit " + limit + " req/s"));
    box.appendChild(dl([
      ["rule", d.rule + " (fired: " + e.fired.join(", ") + ")"],
      ["rate", e.rate + " req/s, " + e.requests + " requests, " + e.errors + " errors (" + Math.round(e.errorShare * 100) + "%)"],
      ["z-score", String(e.zScore)],
      ["baseline", "mean " + b.mean + " ± " + b.stddev + " req/s per client (learned " + b.learnedMean + " ± " + b.learnedStddev + ", " + b.samples + " samples, slot " + b.slot + (b.floored ? ", floored" : "") + ")"],
      ["own history", e.own ? "mean " + e.own.learnedMean + " ± " + e.own.learnedStddev + " req/s (" + e.own.samples + " snapshots" + (e.own.floored ? ", floored to " + e.own.mean + " ± " + e.own.stddev : "") + "); own limit " + e.own.limitRps + " req/s" + (e.own.fired.length ? " (fired: " + e.own.fired.join(", ") + ")" : "") : "none yet"],
      ["thresholds", "min " + t.minRequests + " requests; z > " + t.zScore + "; > " + t.multiplier + "× mean; limit " + t.limitRps + " req/s; with errors " + t.tightLimitRps + " req/s" + (t.surgeFactor < 1 ? "; ×" + t.surgeFactor + " during a global surge" : "")],
      ["escalation", "step " + d.step + ", " + (d.durationSeconds === null ? "permanent" : fmtLeft(d.durationSeconds)) + (d.until ? ", until " + d.until : "")],
      ["banned at", d.at],
      ["exceptions", d.except.length ? d.except.join(", ") : "none"]
    ]));
    box.appendChild(el("div", "sample log lines", "label"));
    e.samples.forEach(function (s) { box.appendChild(el("pre", s)); });
    return box;
  }
  function renderBans(s) {
    var body = $("bans").querySelector("tbody");
    body.replaceChildren();
    s.bans.listed.forEach(function (row) {
      var tr = el("tr");
      tr.dataset.ip = row.ip;
      tr.appendChild(el("td", row.ip, "ip"));
      tr.appendChild(el("td", row.rule || "–"));
      tr.appendChild(el("td", row.step));
      tr.appendChild(el("td", fmtLeft(row.secondsLeft) + (row.until ? " (until " + row.until + ")" : "")));
      tr.appendChild(el("td", row.enforcedBy || "–"));
      var cell = el("td");
      cell.appendChild(why(row));
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    $("bans-note").textContent = s.bans.active > s.bans.listed.length
      ? "showing the " + s.bans.listed.length + " most recent of " + s.bans.active + " (GET /api/bans pages through all)"
      : (s.bans.active === 0 ? "nobody is banned" : "");
  }
  function renderTop(s) {
    var body = $("top").querySelector("tbody");
    body.replaceChildren();
    s.engine.top.forEach(function (c) {
      var tr = el("tr");
      tr.appendChild(el("td", c.ip, "ip"));
      tr.appendChild(el("td", c.requests));
      tr.appendChild(el("td", c.rate + " req/s"));
      body.appendChild(tr);
    });
  }
  function renderChart(s) {
    var svg = $("chart"), ns = "http://www.w3.org/2000/svg";
    svg.replaceChildren();
    var pts = s.series;
    if (pts.length < 2) return;
    var max = 1;
    pts.forEach(function (p) { max = Math.max(max, p.requests, p.windowRate); });
    var mean = s.engine.globalBaseline.mean;
    max = Math.max(max, mean) * 1.1;
    var t0 = pts[0].t, t1 = pts[pts.length - 1].t, span = Math.max(1, t1 - t0);
    function xy(t, v) { return ((t - t0) / span * 800).toFixed(1) + "," + (200 - v / max * 195).toFixed(1); }
    function line(values, color, dash) {
      var pl = document.createElementNS(ns, "polyline");
      pl.setAttribute("points", values.join(" "));
      pl.setAttribute("fill", "none");
      pl.setAttribute("stroke", color);
      pl.setAttribute("stroke-width", "1.5");
      if (dash) pl.setAttribute("stroke-dasharray", "4 3");
      svg.appendChild(pl);
    }
    line(pts.map(function (p) { return xy(p.t, p.requests); }), "#3461c1");
    line(pts.map(function (p) { return xy(p.t, p.windowRate); }), "#9a6700");
    line([xy(t0, mean), xy(t1, mean)], "#1f7a46", true);
    var shown = span < 120000 ? Math.round(span / 1000) + " s" : Math.round(span / 60000) + " min";
    $("chart-note").textContent = "last " + shown + "; blue: per second, amber: " + s.engine.windowSeconds + " s window, green: baseline mean (max " + Math.round(max) + ")";
  }
  function renderEnforcement(s) {
    var box = $("enforcement");
    box.replaceChildren();
    var e = s.enforcement;
    var pairs = [["backends", e.backends.join(" + ") + (e.dryRun ? " (dry run: nothing is blocked)" : "")]];
    e.fill.forEach(function (f) { pairs.push(["set " + f.name, f.entries + " / " + f.capacity + " (" + (f.capacity ? (100 * f.entries / f.capacity).toFixed(2) : 0) + "%)"]); });
    pairs.push(["queue / failures", e.queueDepth + " / " + e.failures]);
    if (e.selftest) {
      pairs.push(["self-test", (e.selftest.ok === true ? "passed" : e.selftest.ok === false ? "FAILED" : "not run") + " at " + e.selftest.at + ": " + e.selftest.message]);
      e.selftest.checks.forEach(function (c) { pairs.push(["  " + c.name, c.detail]); });
    }
    pairs.push(["alerts", s.alerts.enabled ? "webhook " + s.alerts.webhook + ": " + s.alerts.sent + " sent, " + s.alerts.failed + " failed, " + s.alerts.dropped + " dropped, " + s.alerts.coalesced + " coalesced, " + s.alerts.queued + " queued" : "off (no webhook configured)"]);
    box.appendChild(dl(pairs));
  }
  function render(s) {
    $("rate").textContent = s.engine.globalRate + " req/s";
    $("baseline").textContent = s.engine.globalBaseline.mean + " ± " + s.engine.globalBaseline.stddev;
    $("limit").textContent = s.engine.limits.limitRps === null ? "–" : s.engine.limits.limitRps + " req/s";
    $("clients").textContent = s.engine.activeClients;
    $("active-bans").textContent = s.bans.active;
    $("usage").textContent = s.process.cpuPercent + "% / " + fmtBytes(s.process.rssBytes);
    var pills = $("pills");
    pills.replaceChildren();
    var st = s.enforcement.selftest;
    pills.appendChild(pill(s.enforcement.dryRun ? "dry run" : s.enforcement.backends.join("+"), s.enforcement.dryRun ? "warn" : "ok"));
    pills.appendChild(pill("self-test: " + (st ? (st.ok === true ? "passed" : st.ok === false ? "FAILED" : "not run") : "not run"), st && st.ok === true ? "ok" : st && st.ok === false ? "bad" : "warn"));
    pills.appendChild(pill(s.breaker.tripped ? "breaker THROTTLING" : "breaker armed", s.breaker.tripped ? "bad" : "ok"));
    var problems = [];
    if (st && st.ok === false) problems.push("Enforcement self-test failed: " + st.message);
    if (s.breaker.tripped) problems.push("Ban breaker tripped (" + s.breaker.tripped.reason + "): only clients at " + s.breaker.tripped.throttleMinTimesMean + "x a normal rate are banned (" + s.breaker.throttledBans + " so far), " + s.breaker.held + " refused. It resets itself once the storm is over, or: swiftdeploy-detector breaker reset");
    s.enforcement.problems.forEach(function (p) { problems.push(p); });
    var banner = $("banner");
    banner.hidden = problems.length === 0;
    banner.replaceChildren();
    problems.forEach(function (p) { banner.appendChild(el("div", p)); });
    renderChart(s);
    renderBans(s);
    renderTop(s);
    renderEnforcement(s);
    $("updated").textContent = "updated " + new Date(s.now).toLocaleTimeString() + " · log time " + (s.engine.at || "–");
  }
  function poll() {
    fetch("/api/status", { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(render)
      .catch(function (err) { $("updated").textContent = "cannot reach the detector: " + err.message; })
      .finally(function () { setTimeout(poll, refreshMs); });
  }
  poll();
})();
`;
