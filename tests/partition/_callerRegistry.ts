// A caller's registry module as `--registry` and `runPartitioned({ registry })` import it: one preparer,
// `caller-name`, that prepares as the built-in `name:indonesian` does, so a run that uses it must give
// the preset's result. Its default export is the registry.
import { createModelRegistry } from '../../src/model/modelRegistry.js';
import { getPreparer } from '../../src/model/preparers.js';

export default createModelRegistry({ preparers: [{ ...getPreparer('name:indonesian'), name: 'caller-name' }] });
