CREATE TABLE `strategies` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`symbols` text NOT NULL,
	`timeframe` text NOT NULL,
	`parameters` text NOT NULL,
	`risk` text NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `strategies_user_name_live_unique` ON `strategies` (`user_id`,`name`) WHERE "strategies"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `strategies_user_created_idx` ON `strategies` (`user_id`,`created_at`);