/** The dashboard page; script and style are served beside it (no inline code: strict CSP). */
export function pageHtml(refreshSeconds: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SwiftDeploy detector</title>
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body data-refresh="${refreshSeconds}">
<header>
  <h1>SwiftDeploy detector</h1>
  <div id="pills"></div>
  <div id="updated" class="muted">loading…</div>
</header>
<div id="banner" hidden></div>
<section class="cards">
  <div class="card"><div class="label">Global rate (window)</div><div class="value" id="rate">–</div></div>
  <div class="card"><div class="label">Baseline (site, per s)</div><div class="value" id="baseline">–</div></div>
  <div class="card"><div class="label">One client's limit</div><div class="value" id="limit">–</div></div>
  <div class="card"><div class="label">Active clients</div><div class="value" id="clients">–</div></div>
  <div class="card"><div class="label">Bans in force</div><div class="value" id="active-bans">–</div></div>
  <div class="card"><div class="label">CPU / memory</div><div class="value" id="usage">–</div></div>
</section>
<section>
  <h2>Requests per second <span class="muted" id="chart-note"></span></h2>
  <svg id="chart" viewBox="0 0 800 200" preserveAspectRatio="none" role="img" aria-label="requests per second"></svg>
</section>
<section>
  <h2>Banned addresses</h2>
  <table id="bans">
    <thead><tr><th>Address</th><th>Rule</th><th>Step</th><th>Time left</th><th>Enforced by</th><th>Why</th></tr></thead>
    <tbody></tbody>
  </table>
  <p class="muted" id="bans-note"></p>
</section>
<section>
  <h2>Top source addresses</h2>
  <table id="top"><thead><tr><th>Address</th><th>Requests in window</th><th>Rate</th></tr></thead><tbody></tbody></table>
</section>
<section>
  <h2>Enforcement</h2>
  <div id="enforcement"></div>
</section>
</body>
</html>
`;
}
