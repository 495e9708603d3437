-- Runs once, when the mysql service initialises an empty data volume (after the entrypoint has
-- created MYSQL_DATABASE and MYSQL_USER). Gives the WordPress container its own database.
CREATE DATABASE IF NOT EXISTS `wordpress` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON `wordpress`.* TO 'igny8'@'%';
FLUSH PRIVILEGES;
