CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`exchange_id` text,
	`exchange_mode` text,
	`telegram_chat_id` text,
	`notification_events` text,
	`trading` text,
	`display` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
