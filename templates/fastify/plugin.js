
// Registered by @fastify/autoload with the other plugins, before the routes;
// fastify-plugin keeps the session visible to every route of the app.
const sessionPlugin = fp(async (fastify) => {
{{registrations}}
}, { name: 'session-kit-session'{{dependencies}} });

export default sessionPlugin;
