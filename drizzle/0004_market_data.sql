CREATE TABLE `candle_import_rows` (
	`import_id` text NOT NULL,
	`open_time` integer NOT NULL,
	`open` real NOT NULL,
	`high` real NOT NULL,
	`low` real NOT NULL,
	`close` real NOT NULL,
	`volume` real NOT NULL,
	PRIMARY KEY(`import_id`, `open_time`),
	FOREIGN KEY (`import_id`) REFERENCES `candle_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `candle_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`symbol` text NOT NULL,
	`timeframe` text NOT NULL,
	`status` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`conflicts` integer DEFAULT 0 NOT NULL,
	`first_open_time` integer,
	`last_open_time` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `candle_imports_user_idx` ON `candle_imports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `candle_imports_status_idx` ON `candle_imports` (`status`);--> statement-breakpoint
CREATE TABLE `fear_greed_history` (
	`day` text NOT NULL,
	`source` text NOT NULL,
	`value` integer NOT NULL,
	`provider_classification` text,
	`as_of` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`day`, `source`)
);
--> statement-breakpoint
CREATE TABLE `market_source` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`resolved_by` text NOT NULL,
	`resolved_at` integer NOT NULL
);
