// A small Express app without sessions: `npm run demo` adds them with session-kit.
import express from 'express'

const app = express()
app.use(express.json())

app.get('/', (req, res) => {
  res.type('text').send('demo app: GET /visit counts your visits in the session\n')
})

app.get('/visit', (req, res) => {
  req.session.visits = (req.session.visits ?? 0) + 1
  res.json({ visits: req.session.visits })
})

const port = Number(process.env.PORT ?? 3000)
app.listen(port, () => console.log(`demo app on http://127.0.0.1:${port}`))
