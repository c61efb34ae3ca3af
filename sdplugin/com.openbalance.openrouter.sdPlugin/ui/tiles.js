// Every tile as the core declares it (core/src/tile/*.rs: each tile's descriptor and its
// settings' defaults), for the Property Inspector and its tests: they keep no list of their
// own. Written by `OPENBALANCE_BLESS=1 cargo test -p openbalance --test e2e descriptors`;
// that test fails when this file falls behind the core. Not edited by hand.
(function (root) {
  "use strict";
  root.OpenBalanceTiles = [
    {"defaults":{"lowBalance":0.0,"mode":"remaining","period":"30d","theme":"dark"},"name":"tileBalance","ranges":{},"settings":["mode","period","lowBalance"],"slug":"balance"},
    {"defaults":{"by":"model","theme":"dark"},"name":"tileTopModels","ranges":{},"settings":["by"],"slug":"topmodels"},
    {"defaults":{"theme":"dark"},"name":"tileMonthlySpend","ranges":{},"settings":[],"slug":"monthlyspend"},
    {"defaults":{"theme":"dark","threshold":3.0},"name":"tileSpikeAlert","ranges":{"threshold":[1.5,50.0]},"settings":["threshold"],"slug":"spikealert"},
    {"defaults":{"theme":"dark"},"name":"tileToday","ranges":{},"settings":[],"slug":"today"},
    {"defaults":{"show":"left","theme":"dark","warnAt":80.0},"name":"tileBudget","ranges":{"warnAt":[1.0,100.0]},"settings":["key","workspace","interval","show","warnAt"],"slug":"budget"}
  ];
})(typeof window !== "undefined" ? window : globalThis);
