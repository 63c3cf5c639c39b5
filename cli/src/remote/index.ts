// The CLI's remote commands, routed here by cli.ts.
export { runRemoteCommand } from './runRemoteCommand';
