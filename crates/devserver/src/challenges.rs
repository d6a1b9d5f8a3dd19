//! Wallet challenges, kept in memory like the backend's challenge store (a restart forgets
//! them there too): one per wallet string (trimmed when issued, looked up exactly as sent when
//! verified, both case-sensitive), a lifetime (10 minutes by default), five checked attempts,
//! and one use: success deletes the challenge, and so do expiry and a sixth attempt.
//!
//! The clock is passed in, so the rules are tested without waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The backend's lifetime of a challenge.
pub const DEFAULT_TTL: Duration = Duration::from_secs(600);
/// Attempts checked per challenge (`ChallengeStore.Issue`).
pub const MAX_ATTEMPTS: u32 = 5;
/// Outstanding challenges kept at most. The backend keeps any number; anyone can ask for one,
/// so past this many the expired ones, then the oldest, are dropped.
const MAX_OUTSTANDING: usize = 10_000;

/// One outstanding challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// 32 hex characters (16 random bytes).
    pub nonce: String,
    /// The wallet as issued (trimmed).
    pub wallet: String,
    pub created_at: SystemTime,
    pub expires_at: SystemTime,
    pub attempts: u32,
    pub max_attempts: u32,
}

/// The in-memory challenge store.
pub struct Challenges {
    ttl: Duration,
    by_wallet: Mutex<HashMap<String, Challenge>>,
}

impl Challenges {
    pub fn new(ttl: Duration) -> Challenges {
        Challenges {
            ttl,
            by_wallet: Mutex::default(),
        }
    }

    /// Issues (or replaces) the challenge of the trimmed `wallet` with this `nonce`.
    pub fn issue(&self, wallet: &str, nonce: String, now: SystemTime) -> Challenge {
        let wallet = wallet.trim().to_string();
        let challenge = Challenge {
            nonce,
            wallet: wallet.clone(),
            created_at: now,
            expires_at: now + self.ttl,
            attempts: 0,
            max_attempts: MAX_ATTEMPTS,
        };
        let mut map = self.lock();
        if map.len() >= MAX_OUTSTANDING && !map.contains_key(&wallet) {
            make_room(&mut map, now);
        }
        map.insert(wallet, challenge.clone());
        challenge
    }

    /// One verification attempt for `wallet` (exactly as sent): false without a challenge,
    /// when it expired or when its attempts are used up (each deletes it); otherwise counts
    /// the attempt and asks `check`, deleting the challenge when it says yes.
    pub fn attempt(
        &self,
        wallet: &str,
        now: SystemTime,
        check: impl FnOnce(&Challenge) -> bool,
    ) -> bool {
        let mut map = self.lock();
        let Some(challenge) = map.get_mut(wallet) else {
            return false;
        };
        // An expired challenge's count does not matter: it is deleted.
        challenge.attempts += 1;
        let usable = now <= challenge.expires_at && challenge.attempts <= challenge.max_attempts;
        let proven = usable && check(challenge);
        if proven || !usable {
            map.remove(wallet);
        }
        proven
    }

    /// The outstanding challenge of `wallet`, if any (for tests and diagnostics).
    pub fn get(&self, wallet: &str) -> Option<Challenge> {
        self.lock().get(wallet).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Challenge>> {
        self.by_wallet.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn make_room(map: &mut HashMap<String, Challenge>, now: SystemTime) {
    map.retain(|_, c| c.expires_at >= now);
    if map.len() >= MAX_OUTSTANDING {
        if let Some(oldest) = map
            .values()
            .min_by_key(|c| c.created_at)
            .map(|c| c.wallet.clone())
        {
            map.remove(&oldest);
        }
    }
}

/// A fresh nonce: 16 bytes from the OS random source, as 32 lowercase hex characters.
pub fn random_hex<const N: usize>() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000 + secs)
    }

    #[test]
    fn a_challenge_is_keyed_by_the_trimmed_wallet_and_looked_up_exactly() {
        let c = Challenges::new(DEFAULT_TTL);
        let ch = c.issue("  tb1qa ", "n1".into(), t(0));
        assert_eq!(
            (ch.wallet.as_str(), ch.attempts, ch.max_attempts),
            ("tb1qa", 0, 5)
        );
        assert_eq!(ch.expires_at, t(600));
        assert!(
            !c.attempt(" tb1qa ", t(1), |_| true),
            "untrimmed lookup misses"
        );
        assert!(!c.attempt("TB1QA", t(1), |_| true), "case-sensitive");
        assert!(c.attempt("tb1qa", t(1), |ch| ch.nonce == "n1"));
        assert!(!c.attempt("tb1qa", t(2), |_| true), "one use");
    }

    #[test]
    fn a_new_challenge_replaces_the_old_one() {
        let c = Challenges::new(DEFAULT_TTL);
        c.issue("w", "n1".into(), t(0));
        c.issue("w", "n2".into(), t(1));
        assert!(!c.attempt("w", t(2), |ch| ch.nonce == "n1"));
        assert!(c.attempt("w", t(2), |ch| ch.nonce == "n2"));
    }

    #[test]
    fn five_attempts_are_checked_and_the_sixth_deletes_it() {
        let c = Challenges::new(DEFAULT_TTL);
        c.issue("w", "n".into(), t(0));
        let mut checked = 0;
        for _ in 0..5 {
            assert!(!c.attempt("w", t(1), |_| {
                checked += 1;
                false
            }));
        }
        assert_eq!(checked, 5);
        assert_eq!(c.get("w").unwrap().attempts, 5);
        assert!(!c.attempt("w", t(1), |_| true), "sixth: refused unchecked");
        assert!(c.get("w").is_none());
    }

    #[test]
    fn an_expired_challenge_is_refused_and_deleted() {
        let c = Challenges::new(Duration::from_secs(2));
        c.issue("w", "n".into(), t(0));
        assert!(c.get("w").is_some());
        assert!(!c.attempt("w", t(3), |_| true));
        assert!(c.get("w").is_none());
        // At the expiry instant itself it is still valid (Go: now.After(expires)).
        c.issue("w", "n".into(), t(10));
        assert!(c.attempt("w", t(12), |_| true));
    }

    #[test]
    fn the_store_stays_bounded() {
        let c = Challenges::new(Duration::from_secs(5));
        for i in 0..MAX_OUTSTANDING {
            c.issue(&format!("w{i}"), "n".into(), t(i as u64 % 3));
        }
        c.issue("new", "n".into(), t(1));
        assert_eq!(c.lock().len(), MAX_OUTSTANDING);
        assert!(c.get("new").is_some());
        // Once they expire, all but the newcomer make room at once.
        c.issue("later", "n".into(), t(100));
        assert_eq!(c.lock().len(), 1);
    }

    #[test]
    fn nonces_are_random_hex() {
        let a = random_hex::<16>().unwrap();
        let b = random_hex::<16>().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
