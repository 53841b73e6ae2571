-- Their data, their choice: accounts can be deleted, and guests expire.
--
-- 1. Idle guests are found by the time of their last activity, oldest
--    first, without reading every user.
CREATE INDEX users_idle_guests ON users (last_active_at) WHERE role = 'guest';

-- 2. A deleted user's ID may be given again (the users table has no
--    AUTOINCREMENT): a new user starts at a random session epoch, so a
--    cookie kept from the deleted account (epoch 0, say) cannot sign in
--    as the newcomer who got its ID.
CREATE TRIGGER users_random_epoch AFTER INSERT ON users WHEN NEW.session_epoch = 0
BEGIN
	UPDATE users SET session_epoch = random() >> 2 WHERE id = NEW.id; -- room to count up
END;
