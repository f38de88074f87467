// `npm run verify`: proves from where it runs that each configured endpoint works end to end
// (DNS, reserved address, HTTP redirect, TLS, HTTPS, allowlist). `--help` lists the options.
import { verifyCommand } from './verify-command';

void verifyCommand(process.argv.slice(2)).then((code) => { process.exitCode = code; });
