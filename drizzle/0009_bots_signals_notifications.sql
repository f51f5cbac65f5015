CREATE TABLE `bot_evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`strategy_id` text NOT NULL,
	`strategy_version` integer NOT NULL,
	`symbol` text NOT NULL,
	`timeframe` text NOT NULL,
	`open_time` integer NOT NULL,
	`outcome` text NOT NULL,
	`action` text,
	`reason` text,
	`order_id` text,
	`idempotency_key` text,
	`evaluated_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_evaluations_candle_unique` ON `bot_evaluations` (`strategy_id`,`symbol`,`timeframe`,`open_time`);--> statement-breakpoint
CREATE INDEX `bot_evaluations_user_idx` ON `bot_evaluations` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `bot_states` (
	`strategy_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`paused_reason` text,
	`enabled_at` integer,
	`last_candle_time` integer,
	`last_action` text,
	`last_error` text,
	`last_evaluated_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`strategy_id`) REFERENCES `strategies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bot_states_user_idx` ON `bot_states` (`user_id`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`event` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`claimed_by` text,
	`claimed_at` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_dedupe_unique` ON `notification_outbox` (`user_id`,`channel`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due_idx` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_outbox_user_idx` ON `notification_outbox` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`symbol` text NOT NULL,
	`timeframe` text NOT NULL,
	`candle_time` integer NOT NULL,
	`algorithm` text NOT NULL,
	`signal` text NOT NULL,
	`confidence` real NOT NULL,
	`entry_price` real NOT NULL,
	`stop_loss` real,
	`take_profit` real,
	`reward_risk_ratio` real,
	`degraded` integer DEFAULT false NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signals_unique` ON `signals` (`source`,`symbol`,`timeframe`,`candle_time`,`algorithm`);--> statement-breakpoint
CREATE INDEX `signals_lookup_idx` ON `signals` (`source`,`algorithm`,`timeframe`,`symbol`,`candle_time`);