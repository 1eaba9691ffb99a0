// End-to-end specs run the compiled hosts: make sure dist/ is current (a no-op when it is).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'tools', 'build.js')], { stdio: 'inherit' });
};
