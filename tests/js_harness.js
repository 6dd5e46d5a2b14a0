// Loads editor/portal-cms.js in Node with a stand-in for Decap's CMS object, so that tests
// can call its file-name rule and its YAML formats. Reads JSON requests on stdin:
//   {"names": [[date, title], ...], "formats": [[format, "toFile"|"fromFile", value], ...],
//    "dates": [typed, ...] (the date widget's reading and display), "folds": [query, ...]}
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const formats = {};
const input = fs.readFileSync(0, "utf8").split("\n");
global.window = {
  location: { search: "" },
  jsyaml: require(path.join(root, "node_modules/js-yaml")),
  createClass: (spec) => spec,
  h: () => null,
  PORTAL_EDITOR: JSON.parse(input[0]),
  CMS: {
    registerCustomFormat: (name, ext, f) => { formats[name] = f; },
    registerWidget() {}, registerEventListener() {}, registerPreviewTemplate() {},
    registerPreviewStyle() {}, getLocale: () => null, registerLocale() {}, init() {},
    getWidget: () => ({ control: null, preview: null, schema: {} }),
  },
};
global.document = {};
const request = JSON.parse(input[1] || "{}");
eval(fs.readFileSync(path.join(root, "editor/portal-cms.js"), "utf8"));
const N = window.PORTAL_NAMES;
const out = {
  names: (request.names || []).map(([date, title]) => [N.titleSlug(title), N.bulletinStem(date, title)]),
  formats: (request.formats || []).map(([name, op, value]) => formats[name][op](value)),
  dates: (request.dates || []).map((typed) => [N.parseViDate(typed), N.showViDate(typed)]),
  folds: (request.folds || []).map((typed) => N.foldQuery(typed)),
};
process.stdout.write(JSON.stringify(out));
