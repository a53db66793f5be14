/// The dashboard's Mustache templates (swift-mustache), compiled into the binary so a deployment is one file.
/// `{{x}}` escapes HTML; `{{{x}}}` is used only for SVG and legends the server drew itself.
enum DashboardTemplates {
    static let all: [String: String] = [
        "header": header, "footer": footer, "queue": queue, "item": item, "load": load, "trust": trust,
        "shadow": shadow, "login": login, "message": message,
    ]

    static let header = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Levee</title>
        <style>
        :root { --fg:#1b1f24; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --accent:#0b57d0; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
        header { display: flex; gap: 1.2em; align-items: center; padding: .6em 1.2em; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
        header .brand { font-weight: 700; }
        header nav a { margin-right: 1em; color: var(--accent); text-decoration: none; }
        header nav a[aria-current=page] { font-weight: 700; text-decoration: underline; }
        header .who { margin-left: auto; color: var(--muted); }
        main { padding: 1em 1.2em; max-width: 1200px; }
        h1 { font-size: 1.4em; margin: .2em 0 .6em; }
        h2 { font-size: 1.15em; margin: 1.4em 0 .5em; }
        table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
        th, td { text-align: left; padding: .35em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .verdict { display: inline-block; padding: 0 .45em; border-radius: 1em; font-size: .85em; white-space: nowrap; }
        .v-welcome { background: #dafbe1; } .v-review { background: #ddf4ff; }
        .v-needs_author { background: #fff8c5; } .v-likely_slop { background: #ffebe9; }
        .muted { color: var(--muted); }
        .evidence { color: var(--muted); font-size: .9em; }
        form.filters { display: flex; flex-wrap: wrap; gap: .6em; align-items: end; margin-bottom: .8em; }
        form.filters label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); }
        input, select, button { font: inherit; padding: .25em .4em; }
        button { cursor: pointer; }
        pre { white-space: pre-wrap; background: #f6f8fa; padding: .8em; border: 1px solid var(--line); overflow-x: auto; }
        .notice { padding: .6em .8em; border: 1px solid var(--line); background: #f6f8fa; margin: .6em 0; }
        .notice.error { background: #ffebe9; border-color: #ffcecb; }
        .figure td:first-child, .figure th:first-child { white-space: nowrap; }
        .figure { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1em; align-items: start; }
        @media (max-width: 900px) { .figure { grid-template-columns: 1fr; } }
        svg.chart { max-width: 100%; height: auto; font-size: 11px; fill: var(--muted); }
        svg.chart .grid { stroke: var(--line); } svg.chart .limit { stroke: #cf222e; stroke-dasharray: 4 3; }
        svg.chart .limit-label { fill: #cf222e; }
        .key { margin-right: 1em; font-size: .9em; } .swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; }
        form.inline { display: inline; }
        fieldset { border: 1px solid var(--line); margin: .6em 0; }
        </style>
        </head>
        <body>
        <header>
        <span class="brand">Levee</span>
        <nav aria-label="Pages">
        {{#nav}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{name}}</a>{{/nav}}
        </nav>
        <span class="who">{{#viewer}}{{login}} ({{role}}) <form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button>Log out</button></form>{{/viewer}}{{^viewer}}read only · <a href="/login">log in</a>{{/viewer}}</span>
        </header>
        <main>
        {{#flash}}<p class="notice" role="status">{{flash}}</p>{{/flash}}
        """

    static let footer = """
        </main>
        <script src="/dashboard.js" defer></script>
        </body>
        </html>
        """

    static let queue = """
        {{> header}}
        <h1>Queue</h1>{{#backfills}}<p class="muted backfill">{{.}}</p>{{/backfills}}
        <p class="muted">{{count}} of {{total}} open items{{#paged}} ({{from}}–{{to}} shown, page {{page}} of {{pages}}){{/paged}}, ordered by {{orderName}}. Value for review time is (1 − slop score) ÷ review minutes: the most worthwhile minutes first.</p>
        <form class="filters" method="get" action="/" id="filters">
        <label>Repository<select name="repo"><option value="">all</option>{{#repos}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/repos}}</select></label>
        <label>Verdict<select name="verdict"><option value="">all</option>{{#verdicts}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/verdicts}}</select></label>
        <label>Tier<select name="tier"><option value="">all</option>{{#tiers}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/tiers}}</select></label>
        <label>Kind<select name="kind"><option value="">all</option>{{#kinds}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/kinds}}</select></label>
        <label>Label<select name="label"><option value="">all</option>{{#labels}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/labels}}</select></label>
        <label>Agent<select name="agent"><option value="">all</option>{{#agents}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/agents}}</select></label>
        <label>Order<select name="order">{{#orders}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/orders}}</select></label>
        <label>Search<input type="search" name="q" value="{{q}}" placeholder="title, author, #number"></label>
        <button type="submit">Apply</button>
        </form>
        <table id="queue">
        <thead><tr><th>Item</th><th>Verdict</th><th class="num">Review min</th><th>Tier</th><th>Top signals</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-verdict="{{verdict}}" data-kind="{{kind}}">
        <td><a href="/items/{{id}}">{{repo}}#{{number}}</a> {{title}}<br><span class="muted">{{kind}} by {{author}}{{#agent}} · agent: {{agent}}{{/agent}}{{#labels}} · {{labels}}{{/labels}}</span></td>
        <td><span class="verdict v-{{verdict}}">{{verdict}}</span><br><span class="muted">score {{score}}</span></td>
        <td class="num">{{minutes}}</td>
        <td>{{tier}}</td>
        <td>{{#signals}}<div><code>{{id}}</code> <span class="evidence">{{evidence}}</span></div>{{/signals}}{{^signals}}<span class="muted">none</span>{{/signals}}</td>
        </tr>
        {{/rows}}
        {{^rows}}<tr><td colspan="5" class="muted">Nothing matches.</td></tr>{{/rows}}
        </tbody>
        </table>{{#paged}}
        <p class="pages">{{#previous}}<a href="{{{previous}}}" rel="prev">← previous {{shown}}</a> {{/previous}}page {{page}} of {{pages}}{{#next}} <a href="{{{next}}}" rel="next">next {{shown}} →</a>{{/next}}</p>{{/paged}}
        {{> footer}}
        """

    static let item = """
        {{> header}}
        <h1>{{repo}}#{{number}} {{itemTitle}}</h1>
        <p><span class="verdict v-{{verdict}}">{{verdict}}</span> slop score {{score}} · about {{minutes}} review minutes · {{kind}} by {{author}} · evaluated {{evaluatedAt}}</p>
        {{#exempt}}<p class="notice">Exempt: {{exempt}}</p>{{/exempt}}{{#private}}<p class="notice" id="private">A private security report: Levee posts nothing for it anywhere. Below is what it would ask the reporter, as a draft for you.</p>{{/private}}
        {{#withheld}}<p class="notice">Withheld: {{.}}</p>{{/withheld}}
        {{#hasTerms}}<p id="score-terms" class="muted">How the score adds up (log-odds; score = σ(sum)): {{#terms}}<code>{{term}}</code> {{/terms}}</p>{{/hasTerms}}{{#calibration}}<p id="calibration" class="muted">This repository's calibration (<code>levee calibrate</code>, fitted on its maintainers' decisions): {{calibration}}.</p>{{/calibration}}
        {{#private}}<h2>To ask the reporter (a draft)</h2><pre id="draft">{{draft}}</pre>{{/private}}<h2>Signals</h2>
        <table id="signals"><thead><tr><th>Signal</th><th class="num">Points</th><th>What it means</th><th>Evidence</th></tr></thead><tbody>
        {{#signals}}<tr><td><code>{{id}}</code></td><td class="num">{{points}}</td><td>{{message}}</td><td class="evidence">{{#evidence}}<div>{{.}}</div>{{/evidence}}</td></tr>{{/signals}}
        {{^signals}}<tr><td colspan="4" class="muted">No signal fired.</td></tr>{{/signals}}
        </tbody></table>
        <h2>Policy</h2>
        {{#violations}}<p><code>{{id}}</code> {{message}} {{#line}}<span class="muted">({{line}})</span>{{/line}}</p>{{/violations}}
        {{^violations}}<p class="muted">Follows the policy{{#policy}} ({{policy}}){{/policy}}.</p>{{/violations}}
        <h2>Disclosure, agent, claims</h2>
        <table><tbody>
        <tr><th>AI disclosure</th><td>{{disclosure}}</td></tr>
        <tr><th>Coding agent</th><td>{{agent}}</td></tr>
        <tr><th>Claims about the source</th><td>{{claims}}</td></tr>
        {{#duplicate}}<tr><th>Near-duplicate</th><td>{{duplicate}}</td></tr>{{/duplicate}}
        </tbody></table>
        <h2>Planned actions</h2>
        <ul>{{#planned}}<li><code>{{kind}}</code> {{value}} <span class="muted">— {{reason}}</span></li>{{/planned}}{{^planned}}<li class="muted">none</li>{{/planned}}</ul>
        <h2>Sticky comment</h2>
        {{#comment}}<p class="muted">{{status}} at {{at}}</p><pre id="sticky">{{text}}</pre>{{/comment}}
        {{^comment}}<p class="muted">No comment planned or posted.</p>{{/comment}}
        <h2>Action log</h2>
        <table id="actions"><thead><tr><th>When</th><th>Action</th><th>Value</th><th>Status</th><th>Why</th></tr></thead><tbody>
        {{#actions}}<tr><td>{{at}}</td><td><code>{{kind}}</code></td><td>{{value}}</td><td>{{status}}</td><td>{{reason}}{{#detail}} <span class="muted">({{detail}})</span>{{/detail}}</td></tr>{{/actions}}
        {{^actions}}<tr><td colspan="5" class="muted">Nothing logged.</td></tr>{{/actions}}
        </tbody></table>
        <h2>The author</h2>
        <p>{{author}}: tier <strong>{{tier}}</strong>{{#tierReason}} — {{tierReason}}{{/tierReason}}.{{#balance}} Reputation balance {{balance}}.{{/balance}}</p>
        <table id="ledger"><thead><tr><th>When</th><th>Item</th><th>Entry</th><th class="num">Points</th><th>Note</th></tr></thead><tbody>
        {{#ledger}}<tr><td>{{at}}</td><td>{{item}}</td><td>{{kind}}</td><td class="num">{{amount}}</td><td>{{note}}</td></tr>{{/ledger}}
        {{^ledger}}<tr><td colspan="5" class="muted">No ledger entries.</td></tr>{{/ledger}}
        </tbody></table>
        {{> footer}}
        """

    static let load = """
        {{> header}}
        <h1>Load</h1>
        <p class="muted">The last {{weekCount}} weeks (weeks start on Monday, UTC). Each chart has its figures in the table beside it.</p>
        {{#figures}}
        <section class="figure-block">
        <h2 id="{{anchor}}">{{title}}</h2>
        <div class="figure">
        <div>{{{svg}}}<div>{{{legend}}}</div></div>
        <table><thead><tr>{{#head}}<th{{#num}} class="num"{{/num}}>{{text}}</th>{{/head}}</tr></thead><tbody>
        {{#body}}<tr>{{#cells}}<td{{#num}} class="num"{{/num}}>{{text}}</td>{{/cells}}</tr>{{/body}}
        </tbody></table>
        </div>
        {{#note}}<p class="muted">{{note}}</p>{{/note}}
        </section>
        {{/figures}}
        {{> footer}}
        """

    static let trust = """
        {{> header}}
        <h1>Trust</h1>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        <h2>Tiers of the authors in the queue</h2>
        <table id="tiers"><thead><tr><th>Tier</th><th class="num">Authors</th><th>Who</th></tr></thead><tbody>
        {{#tiers}}<tr><td>{{tier}}</td><td class="num">{{count}}</td><td>{{who}}</td></tr>{{/tiers}}
        </tbody></table>
        {{#repos}}
        <h2>{{repo}}: {{path}}</h2>
        {{#unreadable}}<p class="muted">{{unreadable}}</p>{{/unreadable}}
        <table class="vouch-list"><thead><tr><th>Handle</th><th>Standing</th><th>Details or reason</th>{{#canWrite}}<th></th>{{/canWrite}}</tr></thead><tbody>
        {{#entries}}<tr><td>{{handle}}</td><td>{{kind}}</td><td>{{details}}</td>{{#canWrite}}<td><form class="inline" method="post" action="/trust/unvouch"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="repo" value="{{repo}}"><input type="hidden" name="login" value="{{handle}}"><button>Remove</button></form></td>{{/canWrite}}</tr>{{/entries}}
        {{^entries}}<tr><td colspan="{{#canWrite}}4{{/canWrite}}{{^canWrite}}3{{/canWrite}}" class="muted">Nobody listed.</td></tr>{{/entries}}
        </tbody></table>
        {{/repos}}
        {{#canWrite}}
        <h2>Change the vouch list</h2>
        <form method="post" action="/trust/vouch" id="vouch-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>Vouch for or denounce someone</legend>
        <label>Repository <select name="repo">{{#repoNames}}<option>{{.}}</option>{{/repoNames}}</select></label>
        <label>GitHub login <input name="login" required pattern="[A-Za-z0-9-]+(\\[bot\\])?"></label>
        <label>Details or reason <input name="reason"></label>
        <button name="verb" value="vouch" id="vouch-button">Vouch</button>
        <button name="verb" value="denounce" id="denounce-button">Denounce</button>
        </fieldset>
        </form>
        <form method="post" action="/trust/sponsor" id="sponsor-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>Sponsor a pull request waiting for a sponsor</legend>
        <label>Repository <select name="repo">{{#repoNames}}<option>{{.}}</option>{{/repoNames}}</select></label>
        <label>Number <input name="number" inputmode="numeric" required pattern="[0-9]+"></label>
        <button>Sponsor</button>
        </fieldset>
        </form>
        {{/canWrite}}
        {{^canWrite}}<p class="muted">Log in as a maintainer to vouch, denounce or sponsor from here.</p>{{/canWrite}}
        <h2>Reputation balances</h2>
        <table id="balances"><thead><tr><th>Author</th><th class="num">Balance</th></tr></thead><tbody>
        {{#balances}}<tr><td>{{author}}</td><td class="num">{{balance}}</td></tr>{{/balances}}
        {{^balances}}<tr><td colspan="2" class="muted">No ledger yet.</td></tr>{{/balances}}
        </tbody></table>
        <h2>Recent changes</h2>
        <table id="audit"><thead><tr><th>When</th><th>Who</th><th>Command</th><th>Subject</th><th>Status</th><th>Detail</th></tr></thead><tbody>
        {{#audit}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{command}}</td><td>{{subject}}</td><td>{{status}}</td><td>{{detail}}</td></tr>{{/audit}}
        {{^audit}}<tr><td colspan="6" class="muted">Nothing yet.</td></tr>{{/audit}}
        </tbody></table>
        {{> footer}}
        """

    static let shadow = """
        {{> header}}
        <h1>Shadow review</h1>
        <p id="mode">Actions are <strong>{{mode}}</strong>: {{modeReason}}</p>
        {{#canWrite}}
        <form method="post" action="/shadow" id="switch">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="actions" value="{{switchTo}}">
        <button{{^canSwitch}} disabled{{/canSwitch}}>{{switchLabel}}</button>
        {{^canSwitch}}<span class="muted">Real actions need GitHub credentials (github.app_id or github.token).</span>{{/canSwitch}}
        </form>
        {{/canWrite}}
        {{^canWrite}}<p class="muted">Log in as a maintainer to switch real actions on or off.</p>{{/canWrite}}
        <h2>What Levee would have done</h2>
        <p class="muted">{{count}} recorded actions, newest first.</p>
        <table id="shadow-actions"><thead><tr><th>When</th><th>Item</th><th>Action</th><th>Value</th><th>Why</th></tr></thead><tbody>
        {{#actions}}<tr><td>{{at}}</td><td><a href="/items/{{id}}">{{repo}}#{{number}}</a></td><td><code>{{kind}}</code></td><td>{{value}}</td><td>{{reason}}</td></tr>{{/actions}}
        {{^actions}}<tr><td colspan="5" class="muted">No action recorded in shadow mode.</td></tr>{{/actions}}
        </tbody></table>
        {{> footer}}
        """

    static let login = """
        {{> header}}
        <h1>Log in</h1>
        {{#error}}<p class="notice error" role="alert">{{error}}</p>{{/error}}
        {{#hasGitHub}}<p><a href="/login/github" id="github-login">Log in with GitHub</a> <span class="muted">(changes need write access to the repository)</span></p>{{/hasGitHub}}
        {{#hasToken}}
        <form method="post" action="/login" id="login-form">
        <input type="hidden" name="nonce" value="{{nonce}}">
        <p><label>Your GitHub login<br><input name="login" required autocomplete="username"></label></p>
        <p><label>Maintainer token (dashboard.token)<br><input name="token" type="password" required autocomplete="current-password"></label></p>
        <p><button>Log in</button></p>
        </form>
        {{/hasToken}}
        {{^canLogIn}}<p>No login is configured: set <code>dashboard.token</code> (or <code>LEVEE_DASHBOARD_TOKEN_FILE</code>), or a GitHub OAuth app (<code>dashboard.github_client_id</code>), to let maintainers log in.{{#openToRead}} Reading needs no login while the server listens on loopback.{{/openToRead}}</p>{{/canLogIn}}
        {{> footer}}
        """

    static let message = """
        {{> header}}
        <h1>{{heading}}</h1>
        <p class="notice{{#isError}} error{{/isError}}" role="alert">{{text}}</p>
        {{> footer}}
        """

    /// Progressive enhancement only: the filters apply as soon as a choice changes. Every page works without it.
    static let script = """
        document.addEventListener("DOMContentLoaded", function () {
          var form = document.getElementById("filters");
          if (!form) return;
          form.querySelectorAll("select").forEach(function (s) {
            s.addEventListener("change", function () { form.submit(); });
          });
        });
        """
}
