"""Persistence: our tables (SQLAlchemy, `schema`), their migrations, and six stores.

Every store wraps one engine on `DATABASE_URL`; each owns its own part of the tables:

- `repository.Store`: what customers' conversations write (the event broker's log of
  what was said, specifications, feedback, hand-overs and contacts, design insights),
  and a specification's lookup; its conversation reads are `ReviewStore`'s.
- `review.ReviewStore`: the one read of a conversation (`bot.review.records`) behind
  the console's list, transcript and exports and `/api/conversations`, plus the
  console's tags, notes and review marks.
- `staff.StaffDirectory`: staff accounts, login sessions and the login throttle.
- `inbox.InboxStore`: the NLU inbox: poorly understood or flagged customer messages
  and trainers' decisions on them.
- `insights.InsightStore`: the dashboard's figures, each counted by one aggregate query.
- `privacy.PrivacyStore`: erasure, retention purges and transcripts refused consent, in
  our tables and Rasa's events alike.

Besides them, `rasa_tracker.RasaEvents` reads and deletes Rasa's own `events` table,
`story_source` gathers what a story is made from, `validation` holds the checks every
store applies to keys and text (one rule for ids: `parse_row_id`, `MAX_ROW_ID`), and
`migrate.upgrade_to_head` brings a database to the schema the stores expect.
"""
