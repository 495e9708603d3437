<?php

/**
 * The status line and headers of a streamed core answer.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * Built from the header lines cURL hands over one by one (CURLOPT_HEADERFUNCTION): interim answers such as
 * "100 Continue" are skipped, and the head is complete at the blank line that ends the final one. Pure.
 */
final class ResponseHead
{
    private int $status = 0;
    /** @var array<string, string> Lower-cased names. */
    private array $headers = [];
    private bool $complete = false;
    private string $lastName = '';

    /** Takes one line, with or without its CRLF; true when it completed the final head. */
    public function add(string $line): bool
    {
        if ($this->complete) {
            return false; // trailers after the body change nothing already sent
        }
        $line = rtrim($line, "\r\n");
        if (preg_match('#^HTTP/\S+\s+(\d{3})\b#', $line, $matches) === 1) {
            $this->status = (int) $matches[1];
            $this->headers = [];
            $this->lastName = '';
            return false;
        }
        if ($line === '') {
            if ($this->status >= 200) {
                $this->complete = true;
                return true;
            }
            $this->status = 0; // the end of an interim 1xx answer: the real one follows
            return false;
        }
        if ($this->status === 0) {
            return false;
        }
        if (($line[0] === ' ' || $line[0] === "\t") && $this->lastName !== '') {
            $this->headers[$this->lastName] .= ' ' . trim($line); // an obsolete folded continuation
            return false;
        }
        $colon = strpos($line, ':');
        if ($colon === false || $colon === 0) {
            return false;
        }
        $name = strtolower(trim(substr($line, 0, $colon)));
        $value = trim(substr($line, $colon + 1));
        $this->headers[$name] = isset($this->headers[$name]) ? $this->headers[$name] . ', ' . $value : $value;
        $this->lastName = $name;
        return false;
    }

    public function isComplete(): bool
    {
        return $this->complete;
    }

    public function status(): int
    {
        return $this->status;
    }

    /** @return array<string, string> Lower-cased names; repeated headers joined with ", ". */
    public function headers(): array
    {
        return $this->headers;
    }
}
