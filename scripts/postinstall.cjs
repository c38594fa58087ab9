// miniprogram-compiler's Linux binaries can lose their run bit when npm unpacks them;
// the official WXML compiler is what our mini-program tests run, so restore it here.
const fs = require('node:fs');
const path = require('node:path');
const dir = path.join(__dirname, '..', 'node_modules', 'miniprogram-compiler', 'bin', 'linux');
if (fs.existsSync(dir)) {
  for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o755);
}
