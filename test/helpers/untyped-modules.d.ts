// Session stores driven directly by the store tests; their @types packages are not installed here.
declare module 'express-session';
declare module 'connect-pg-simple';
declare module 'express-mysql-session';
