// Every test runs with arena temporaries overwritten when their arena ends: a stage that keeps reading
// one afterwards (a temporary that should have been a kept array) then fails its tests at once.
import { setPoisonTemporaries } from '../../src/_internal/typedArena.js';

setPoisonTemporaries(true);
