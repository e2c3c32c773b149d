/** The dashboard's stylesheet. */
export const PAGE_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
header { display: flex; gap: 16px; align-items: center; padding: 12px 20px; background: #1d2330; color: #fff; }
header h1 { font-size: 18px; margin: 0; }
#pills { display: flex; gap: 6px; flex: 1; }
.pill { padding: 2px 8px; border-radius: 10px; font-size: 12px; background: #3a4356; }
.pill.ok { background: #1f7a46; } .pill.bad { background: #b3261e; } .pill.warn { background: #9a6700; }
#banner { margin: 12px 20px; padding: 10px 14px; background: #fdecea; border: 1px solid #b3261e; border-radius: 6px; }
section { margin: 12px 20px; }
h2 { font-size: 15px; margin: 16px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; }
.card { background: #fff; border-radius: 6px; padding: 10px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.label { font-size: 12px; color: #5b6475; } .value { font-size: 20px; font-weight: 600; }
.muted { color: #8a93a3; font-size: 12px; }
svg#chart { width: 100%; height: 200px; background: #fff; border-radius: 6px; }
table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 6px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eceef2; vertical-align: top; }
th { font-size: 12px; color: #5b6475; }
td.ip { font-family: ui-monospace, monospace; }
details summary { cursor: pointer; }
pre { white-space: pre-wrap; word-break: break-all; font-size: 12px; background: #f3f4f6; padding: 6px; margin: 4px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
dt { color: #5b6475; }
`;
