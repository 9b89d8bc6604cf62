#include "indexer/store/shard_writer.hpp"

#include <exception>

#include <fmt/format.h>

#include "common/schema.hpp"
#include "newsdex/error.hpp"

namespace newsdex {

ShardContext::ShardContext(Xapian::WritableDatabase database) : db(std::move(database)) {
  // As Index::Impl's generators (index.cpp): stems with positions, CJK n-grams.
  terms.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
  terms.set_stemming_strategy(schema::kIndexStemming);
  terms.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  spelling.set_database(db);
  spelling.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
}

ShardWriter::ShardWriter(Xapian::WritableDatabase db, std::string folder, std::size_t capacity)
    : folder_(std::move(folder)), capacity_(capacity ? capacity : 1) {
  thread_ = std::thread([this, db = std::move(db)]() mutable { run(std::move(db)); });
}

ShardWriter::~ShardWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  thread_.join();
}

void ShardWriter::throw_if_failed() {
  if (!failure_.empty()) throw Error(Errc::io, fmt::format("{}: write failed: {}", folder_, failure_));
}

void ShardWriter::push(Task task) {
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return queue_.size() < capacity_ || !failure_.empty(); });
  throw_if_failed();
  queue_.push_back(std::move(task));
  lock.unlock();
  not_empty_.notify_one();
}

void ShardWriter::commit() {
  push([](ShardContext& shard) { shard.db.commit(); });
}

void ShardWriter::wait() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || !failure_.empty(); });
  throw_if_failed();
}

void ShardWriter::run(Xapian::WritableDatabase db) {
  ShardContext shard(std::move(db));
  std::unique_lock lock(mutex_);
  for (;;) {
    not_empty_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) break;  // stopping, and nothing left
    Task task = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    not_full_.notify_one();
    std::string error;
    try {
      task(shard);
    } catch (const Xapian::Error& e) {
      error = e.get_description();
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown error";
    }
    task = nullptr;  // its captures die on this thread
    lock.lock();
    busy_ = false;
    if (!error.empty() && failure_.empty()) {
      failure_ = std::move(error);
      queue_.clear();  // not written: the caller hears of the failure instead
    }
    if (!failure_.empty()) queue_.clear();
    if (queue_.empty()) idle_.notify_all();
    if (!failure_.empty()) not_full_.notify_all();
  }
}

}  // namespace newsdex
