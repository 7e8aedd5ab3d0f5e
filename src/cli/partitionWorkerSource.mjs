// The worker module when padan runs from source (tests, tsx): registers tsx in this thread, then
// loads the TypeScript worker. The built package uses dist/cli/partitionWorker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: runJob } = await import('./partitionWorker.ts');
export default runJob;
