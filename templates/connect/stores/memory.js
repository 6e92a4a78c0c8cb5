//# imports
import createMemoryStore from 'memorystore';
//# setup
// memorystore prunes expired entries every checkPeriod (express-session's own MemoryStore never does).
const MemoryStore = createMemoryStore(session);
//# store
new MemoryStore({ checkPeriod: 1000 * 60 * 60 })
